// npm run bench -- audit: the audit trail at size. Seeds 1,000,000 links (1,000 customers, 200
// issuers, two years, a few events each) into a fresh SQLite file and a fresh PostgreSQL database,
// then times the auditor's questions through the code path beside the same query in raw SQL, the
// CSV export of every link as its own process, and `verify` over the whole audit chain. Prints a
// markdown table of medians.
import { verifyTrail } from '../src/core/audit/verify.js';
import { openDatabase } from '../src/db/client.js';
import { databaseKinds, type TestDatabase } from '../test/helpers/database.js';
import { exportCsv, type ExportRun } from './audit/export.js';
import { questions, rawLinks, type Question } from './audit/queries.js';
import { openRaw } from './audit/raw.js';
import { seed } from './audit/seed.js';
import { customer, FULL_TRAIL, issuer, type TrailSize } from './audit/trail.js';
import { median } from './support.js';

/** Timed runs per query (after one to warm up), of which the median is printed. */
const RUNS = 7;
/** Runs of the whole export, likewise. */
const EXPORT_RUNS = 3;
const EXPORT_AIM = { ms: 15_000, rss: 200 * 1024 * 1024 };
const VERIFY_AIM_MS = 30_000;


interface Measured {
  /** Per question: the code path's median and raw SQL's, in ms. */
  questions: Array<Pick<Question, 'figure' | 'aim' | 'aimMs' | 'aimRatio'> & { code: number; raw: number }>;
  export: ExportRun;
  rawExport: number;
  /** The walk over the whole chain, once: ms and entries. */
  verify: { ms: number; entries: number };
}

async function measure(database: TestDatabase, size: TrailSize, now: Date): Promise<Measured> {
  const db = await openDatabase(database.url);
  const raw = await openRaw(database);
  try {
    const seconds = await seed(database, size, now);
    console.log(`  ${database.kind}: seeded ${size.links.toLocaleString('en')} links in ${seconds.toFixed(1)} s`);
    const measured: Measured['questions'] = [];
    for (const question of questions(customer(42), issuer(7).id, now)) {
      const [found, expected] = [await question.code(db), await question.raw(raw)];
      if (found !== expected) throw new Error(`${question.figure} on ${database.kind}: the code path found ${found} rows, raw SQL ${expected}`);
      const { figure, aim, aimMs, aimRatio } = question;
      measured.push({ figure, aim, aimMs, aimRatio, code: await median(RUNS, () => question.code(db)), raw: await median(RUNS, () => question.raw(raw)) });
    }
    const runs: ExportRun[] = [];
    for (let i = 0; i < EXPORT_RUNS; i++) runs.push(await exportCsv(database.url));
    const wrong = runs.find((run) => run.lines !== size.links + 1);
    if (wrong) throw new Error(`the csv export on ${database.kind} wrote ${wrong.lines} lines, not ${size.links + 1}`);
    const byTime = runs.sort((a, b) => a.ms - b.ms);
    const rawExport = await median(EXPORT_RUNS - 1, () => rawLinks(raw, [], []));
    const started = performance.now();
    const verified = await verifyTrail(db.audit);
    if (!verified.intact) throw new Error(`verify on ${database.kind} found the seeded chain broken: ${JSON.stringify(verified.problem)}`);
    const verify = { ms: performance.now() - started, entries: verified.entries };
    return { questions: measured, export: byTime[Math.floor(byTime.length / 2)] as ExportRun, rawExport, verify };
  } finally {
    await raw.close();
    await db.close();
  }
}

const MISSED = ' **(missed)**';
const ms = (value: number) => (value >= 1_000 ? `${(value / 1_000).toFixed(1)} s` : `${value.toFixed(1)} ms`);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function table(size: TrailSize, results: Record<TestDatabase['kind'], Measured>): string {
  const { sqlite, postgresql } = results;
  // A figure that misses its aim is marked, so that a glance finds it.
  const cell = ({ code, raw, aimMs, aimRatio }: Measured['questions'][number]) =>
    `${ms(code)} (${(code / raw).toFixed(1)}x raw)${code > aimMs || code / raw > (aimRatio ?? Infinity) ? MISSED : ''}`;
  const rows = sqlite.questions.map((lite, i) => {
    const post = postgresql.questions[i] as Measured['questions'][number];
    return [lite.figure, cell(lite), cell(post), `${ms(lite.raw)} / ${ms(post.raw)}`, lite.aim];
  });
  const exported = ({ export: run }: Measured) => `${ms(run.ms)}, peak RSS ${mb(run.peakRss)}${run.ms > EXPORT_AIM.ms || run.peakRss > EXPORT_AIM.rss ? MISSED : ''}`;
  rows.push([
    `csv export of all ${size.links.toLocaleString('en')} links`,
    exported(sqlite),
    exported(postgresql),
    `${ms(sqlite.rawExport)} / ${ms(postgresql.rawExport)}`,
    `under ${ms(EXPORT_AIM.ms)}, peak RSS under ${mb(EXPORT_AIM.rss)}`,
  ]);
  const walked = ({ verify }: Measured) => `${ms(verify.ms)} (${verify.entries.toLocaleString('en')} entries)${verify.ms > VERIFY_AIM_MS ? MISSED : ''}`;
  rows.push([`verify over the chain of ${size.links.toLocaleString('en')} links`, walked(sqlite), walked(postgresql), '', `under ${ms(VERIFY_AIM_MS)}`]);
  const lines = [['figure', 'SQLite', 'PostgreSQL', 'raw SQL (SQLite / PostgreSQL)', 'aim'], ['---', '---', '---', '---', '---'], ...rows];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** `links` overrides the trail's size (a quicker run while working on a query). */
export async function benchAudit(links = FULL_TRAIL.links): Promise<void> {
  const size = { ...FULL_TRAIL, links };
  const started = performance.now();
  console.log(`audit trail, ${size.links.toLocaleString('en')} links (medians of ${RUNS} runs, the export of ${EXPORT_RUNS})`);
  const now = new Date();
  const results = {} as Record<TestDatabase['kind'], Measured>;
  for (const { kind, create } of databaseKinds) {
    const database = await create();
    try {
      results[kind] = await measure(database, size, now);
    } finally {
      await database.drop();
    }
  }
  console.log(`\n${table(size, results)}\n`);
  console.log(`audit bench took ${ms(performance.now() - started)}`);
}
