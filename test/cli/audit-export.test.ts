// Exports far larger than a page: CSV and JSON lines go out a page at a time, each page written
// before the next is read, so what is held stays one page whatever the size of the trail.
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PAGE_SIZE } from '../../src/core/audit/pages.js';
import { runCli } from '../../src/cli/main.js';
import { openDatabase } from '../../src/db/client.js';
import { PrismaLinkRepository } from '../../src/db/link-repository.js';
import { databaseKinds, rawQuery, type TestDatabase } from '../helpers/database.js';
import { runCli as collect } from './run-cli.js';

const LINKS = 20_000;
const VIEWED = 2_500;
const linkId = (n: number) => `L-${String(n).padStart(5, '0')}`;

// Link n is created (n / 3) seconds into 2026, so links share a moment in threes (a page may end
// inside such a tie) and ids order as n does; links 1..VIEWED were viewed an hour after.
const SEED = {
  sqlite: [
    `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${LINKS})
     INSERT INTO "Link" (id, kind, outcome, teamId, issuerId, issuerName, orgQuery, orgId, orgName, expiresAt, createdAt)
     SELECT 'L-' || printf('%05d', n), 'hosted', 'issued', 'T1', 'U1', 'ada', 'acme', 'org_acme', 'Acme', '2027-01-01T00:00:00.000+00:00',
            strftime('%Y-%m-%dT%H:%M:%S', '2026-01-01', '+' || (n / 3) || ' seconds') || '.000+00:00' FROM seq`,
    `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${VIEWED})
     INSERT INTO "LinkEvent" (linkId, type, createdAt)
     SELECT 'L-' || printf('%05d', n), 'viewed', strftime('%Y-%m-%dT%H:%M:%S', '2026-01-01', '+' || (n / 3 + 3600) || ' seconds') || '.000+00:00' FROM seq`,
  ],
  postgresql: [
    `INSERT INTO "Link" (id, kind, outcome, "teamId", "issuerId", "issuerName", "orgQuery", "orgId", "orgName", "expiresAt", "createdAt")
     SELECT 'L-' || lpad(n::text, 5, '0'), 'hosted', 'issued', 'T1', 'U1', 'ada', 'acme', 'org_acme', 'Acme', timestamp '2027-01-01',
            timestamp '2026-01-01' + (n / 3) * interval '1 second' FROM generate_series(1, ${LINKS}) AS n`,
    `INSERT INTO "LinkEvent" ("linkId", type, "createdAt")
     SELECT 'L-' || lpad(n::text, 5, '0'), 'viewed', timestamp '2026-01-01' + (n / 3 + 3600) * interval '1 second' FROM generate_series(1, ${VIEWED}) AS n`,
  ],
};

describe.each(databaseKinds)('audit-log exports on $kind', ({ kind, create }) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await create();
    env = { DATABASE_URL: database.url };
    await (await openDatabase(database.url)).close(); // migrates
    for (const sql of SEED[kind]) await rawQuery(database, sql);
  });

  afterAll(async () => {
    await database?.drop();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Runs the command, noting for each chunk written how many pages had been read by then. */
  async function exportWatched(argv: string[], method: 'recent' | 'eventLog') {
    const reads = vi.spyOn(PrismaLinkRepository.prototype, method);
    const chunks: Array<{ text: string; pagesRead: number }> = [];
    const progress: number[] = [];
    await runCli(
      argv,
      env,
      async (text) => {
        chunks.push({ text, pagesRead: reads.mock.calls.length });
      },
      { progress: (rows) => progress.push(rows) },
    );
    const pageSizes = await Promise.all(reads.mock.results.map(async (result) => ((await result.value) as unknown[]).length));
    return { chunks, progress, asked: reads.mock.calls.map(([query]) => query.limit), pageSizes, output: chunks.map((chunk) => chunk.text).join('') };
  }

  it('streams every link as CSV, newest first, one page read per page written', async () => {
    const { chunks, progress, asked, pageSizes, output } = await exportWatched(['links', '--format', 'csv'], 'recent');
    expect(Math.max(...asked)).toBe(PAGE_SIZE);
    expect(pageSizes).toEqual([...Array<number>(LINKS / PAGE_SIZE).fill(PAGE_SIZE), 0]);
    // The k-th chunk went out after the k-th page was read and before the next.
    expect(chunks.map((chunk) => chunk.pagesRead)).toEqual(Array.from({ length: LINKS / PAGE_SIZE }, (_, k) => k + 1));
    expect(progress).toEqual(Array.from({ length: LINKS / PAGE_SIZE }, (_, k) => (k + 1) * PAGE_SIZE));
    const rows = parse(output, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => row.id)).toEqual(Array.from({ length: LINKS }, (_, i) => linkId(LINKS - i)));
    expect(rows.filter((row) => row.views === '1').map((row) => row.id)).toEqual(Array.from({ length: VIEWED }, (_, i) => linkId(VIEWED - i)));
    expect(rows[LINKS - 1]).toMatchObject({ createdAt: '2026-01-01T00:00:00.000Z', state: 'live', orgId: 'org_acme' });
  });

  it('streams events across links as JSON lines, oldest first, a page at a time', async () => {
    const { chunks, progress, pageSizes, output } = await exportWatched(['events', '--type', 'viewed', '--format', 'jsonl'], 'eventLog');
    expect(pageSizes).toEqual([PAGE_SIZE, PAGE_SIZE, VIEWED - 2 * PAGE_SIZE]);
    expect(chunks.map((chunk) => chunk.pagesRead)).toEqual([1, 2, 3]);
    expect(progress).toEqual([PAGE_SIZE, 2 * PAGE_SIZE, VIEWED]);
    const events = output.trimEnd().split('\n').map((line) => JSON.parse(line) as { linkId: string; type: string });
    expect(events.map((event) => event.linkId)).toEqual(Array.from({ length: VIEWED }, (_, i) => linkId(i + 1)));
  });

  it('lists more links than SQLite takes bound parameters in one query', async () => {
    const rows = parse(await collect(['links', '--limit', '996', '--format', 'csv'], env), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(996);
    expect(rows.at(-1)?.id).toBe(linkId(LINKS - 995));
  });
});
