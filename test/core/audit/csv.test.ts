import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvChunks } from '../../../src/core/audit/csv.js';

async function csvOf(pages: Array<Array<Record<string, string | null>>>): Promise<string> {
  let text = '';
  for await (const chunk of csvChunks((async function* () { yield* pages; })())) text += chunk;
  return text;
}

describe('the CSV of an export', () => {
  it('writes the header once and quotes what needs it', async () => {
    const text = await csvOf([[{ id: 'L-1', note: 'fish, chips' }], [{ id: 'L-2', note: 'say "hi"' }]]);
    expect(parse(text, { columns: true })).toEqual([{ id: 'L-1', note: 'fish, chips' }, { id: 'L-2', note: 'say "hi"' }]);
  });

  it('keeps a spreadsheet from running what people typed as a formula', async () => {
    const text = await csvOf([[{ note: '=HYPERLINK("https://evil.example","x")' }, { note: '+1' }, { note: '@SUM(A1)' }, { note: 'plain' }]]);
    const notes = (parse(text, { columns: true }) as Array<{ note: string }>).map((row) => row.note);
    expect(notes).toEqual([`'=HYPERLINK("https://evil.example","x")`, "'+1", "'@SUM(A1)", 'plain']);
  });
});
