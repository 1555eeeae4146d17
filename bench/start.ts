// Cold start and idle memory of the bot as `npm start` runs it (compiled, dist/main.js, plain
// node) beside the same bot run from source through tsx, in the same run: from spawning the
// process to its first 200 on /healthz (SQLite, a new database each time), and its resident
// memory after a few idle seconds.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { Fakes } from '../test/helpers/bot.js';
import { createPostgresDatabase, createSqliteDatabase } from '../test/helpers/database.js';
import { botPort, percentile, spawnServer } from './support.js';

const RUNS = 5;
const REPLICAS = 3;
const IDLE_MS = 3_000;

/** A process's resident memory in MB, from Linux's /proc (undefined elsewhere). */
function residentMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

async function healthy(url: string): Promise<void> {
  for (;;) {
    const res = await fetch(`${url}/healthz`).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function benchStart(fakes: Fakes): Promise<void> {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
  console.log(`cold start to a 200 on /healthz, and idle RSS (median of ${RUNS}; aim: under 2 s and 150 MB)`);
  for (const [name, entry] of [
    ['npm start (node dist/main.js)', 'dist/main.js'],
    ['from source (tsx src/main.ts)', 'src/main.ts'],
  ] as const) {
    const starts: number[] = [];
    const rss: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const database = await createSqliteDatabase();
      const started = performance.now();
      const bot = await spawnServer(entry, fakes.env(database.url), botPort);
      try {
        await healthy(bot.url);
        starts.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
        const mb = residentMb(bot.pid);
        if (mb !== undefined) rss.push(mb);
      } finally {
        await bot.stop();
        await database.drop();
      }
    }
    const memory = rss.length ? `${percentile(rss, 50).toFixed(0)} MB` : 'n/a (no /proc)';
    console.log(`  ${name.padEnd(32)} ${(percentile(starts, 50) / 1000).toFixed(2)} s to /healthz, idle RSS ${memory}`);
  }
}

/** Three replicas of the compiled bot started at once on one new PostgreSQL database (one migrates, the others wait for it). */
export async function benchReplicaStart(fakes: Fakes): Promise<void> {
  const starts: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const database = await createPostgresDatabase();
    const started = performance.now();
    const bots = await Promise.all(
      Array.from({ length: REPLICAS }, () => spawnServer('dist/main.js', { ...fakes.env(database.url), PORT: '0' }, botPort)),
    );
    try {
      await Promise.all(bots.map((bot) => healthy(bot.url)));
      starts.push(performance.now() - started);
    } finally {
      await Promise.all(bots.map((bot) => bot.stop()));
      await database.drop();
    }
  }
  console.log(`  ${`${REPLICAS} replicas at once, PostgreSQL`.padEnd(32)} ${(percentile(starts, 50) / 1000).toFixed(2)} s until all answer /healthz (a new database: one migrates it)`);
}
