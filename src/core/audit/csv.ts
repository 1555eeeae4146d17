// The CSV form of an export, page by page as it is read: the CLI writes it to stdout, the Slack
// `audit` command to the file it uploads.
import { stringify } from 'csv-stringify/sync';
import type { Row } from './rows.js';

/** Each page as CSV text; the header (the first row's columns) goes with the first page only. */
export async function* csvChunks(pages: AsyncIterable<Row[]>): AsyncGenerator<string> {
  let first = true;
  for await (const rows of pages) {
    // csv-stringify quotes and escapes; a value a spreadsheet would run as a formula (=, +, -, @
    // first: notes and names are typed by people) is prefixed with a quote.
    yield stringify(rows, { header: first, columns: Object.keys(rows[0] as Row), escape_formulas: true });
    first = false;
  }
}
