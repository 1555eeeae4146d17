// Streaming, proven by memory: an export several times larger than the heap the program is given
// still completes. Were rows gathered before being written, the CSV text alone would not fit.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { createSqliteDatabase, rawQuery, type TestDatabase } from '../helpers/database.js';

const LINKS = 100_000;
/** The V8 heap the program gets, in MB: well under the export's size. */
const HEAP_MB = 48;

describe('an audit-log export far larger than the program\'s memory', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createSqliteDatabase();
    await (await openDatabase(database.url)).close(); // migrates
    // Each link carries a 500-character note, so that the CSV is about 60 MB.
    await rawQuery(
      database,
      `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${LINKS})
       INSERT INTO "Link" (id, kind, outcome, teamId, issuerId, issuerName, orgQuery, orgId, orgName, expiresAt, createdAt, note)
       SELECT 'L-' || printf('%06d', n), 'hosted', 'issued', 'T1', 'U1', 'ada', 'acme', 'org_acme', 'Acme', '2027-01-01T00:00:00.000+00:00',
              strftime('%Y-%m-%dT%H:%M:%S', '2026-01-01', '+' || n || ' seconds') || '.000+00:00', printf('%0500d', n) FROM seq`,
    );
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** Runs `links` in that heap, counting what it writes rather than keeping it. */
  async function exportLinks(format: string) {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', 'src/cli/main.ts', 'links', '--format', format], {
      env: { PATH: process.env.PATH, DATABASE_URL: database.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = { bytes: 0, lines: 0, stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => {
      out.bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) out.lines += 1;
    });
    child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { status, ...out };
  }

  it(`streams every link as CSV with a ${HEAP_MB} MB heap`, async () => {
    const csv = await exportLinks('csv');
    expect(csv).toMatchObject({ status: 0, stderr: '', lines: LINKS + 1 }); // the header and a line per link
    expect(csv.bytes).toBeGreaterThan(HEAP_MB * 1024 * 1024);
  }, 120_000);

  it('runs out of that heap when every row is held first (a JSON array), so the bound means something', async () => {
    const json = await exportLinks('json');
    expect(json.status).not.toBe(0);
    expect(json.stderr).toMatch(/heap out of memory/i);
  }, 120_000);
});
