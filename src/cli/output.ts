// Writes audit rows as a table, CSV, JSON or JSON lines. CSV and JSON lines go out page by page
// as they are read; a table and a JSON array need every row first (for widths and brackets).
import { csvChunks } from '../core/audit/csv.js';
import type { Row } from '../core/audit/rows.js';
import type { Format } from './args.js';

/** Takes output and resolves once it may be given more (the destination drained). */
export type Sink = (chunk: string) => Promise<void>;

function table(rows: Row[]): string {
  if (!rows.length) return '(none)\n';
  const columns = Object.keys(rows[0] as Row);
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [line(columns), ...rows.map((row) => line(columns.map((column) => String(row[column] ?? ''))))].join('\n') + '\n';
}

export interface Output {
  write: Sink;
  /** Told the number of rows written so far, after each page of a CSV or JSON lines export. */
  progress?: (rows: number) => void;
}

export async function writeRows(pages: AsyncIterable<Row[]>, format: Format, { write, progress }: Output): Promise<void> {
  if (format === 'csv' || format === 'jsonl') {
    let written = 0;
    const counted = async function* () {
      for await (const rows of pages) {
        written += rows.length;
        yield rows;
      }
    };
    const jsonLines = async function* () {
      for await (const rows of counted()) yield rows.map((row) => `${JSON.stringify(row)}\n`).join('');
    };
    for await (const chunk of format === 'csv' ? csvChunks(counted()) : jsonLines()) {
      await write(chunk);
      progress?.(written);
    }
    return;
  }
  const all: Row[] = [];
  for await (const rows of pages) all.push(...rows);
  await write(format === 'json' ? `${JSON.stringify(all, null, 2)}\n` : table(all));
}
