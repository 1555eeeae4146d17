// Shared pieces of the benchmarks: child processes and percentiles.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RunningBot } from '../src/app.js';
import { checkLinkRequest } from '../src/core/links/options.js';

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** The median time of `runs` runs of `task`, in ms, after one to warm up. */
export async function median(runs: number, task: () => Promise<unknown>): Promise<number> {
  await task();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    samples.push(performance.now() - started);
  }
  return percentile(samples, 50);
}

export function summary(samples: number[]): string {
  return `p50 ${percentile(samples, 50).toFixed(2)} ms  p99 ${percentile(samples, 99).toFixed(2)} ms  (n=${samples.length})`;
}

/** Node's options as `npm start` gives them (package.json's start script, between `node` and the entry). */
export function startOptions(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).slice(1, -1);
}

/** The port in the bot's "running" log line, for spawnServer. */
export const botPort = (line: Record<string, unknown>): number | undefined => (line.msg === 'sso-portal-bot is running' ? (line.port as number) : undefined);

export interface ChildServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** How long a child server may take to print its port line. */
const READY_TIMEOUT_MS = 30_000;

/**
 * Starts an entry point in its own process (as it would run in production, away from the load
 * generator and the fakes) and resolves once it prints a JSON line naming its port. A `.ts` entry
 * runs through tsx, a `.js` one (compiled, in dist/) with plain node as `npm start` runs it. Rejects (and stops the
 * child) if it exits first or prints no such line within `readyTimeoutMs`.
 */
export async function spawnServer(
  entry: string,
  env: Record<string, string>,
  portOf: (line: Record<string, unknown>) => number | undefined,
  readyTimeoutMs = READY_TIMEOUT_MS,
): Promise<ChildServer> {
  const args = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [...startOptions(), entry];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let timer: NodeJS.Timeout | undefined;
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${entry} did not print its port within ${readyTimeoutMs / 1000} s of starting`)),
        readyTimeoutMs,
      );
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`${entry} exited with ${code ?? signal} before printing its port`)));
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        try {
          const found = portOf(JSON.parse(line) as Record<string, unknown>);
          if (found) resolve(found);
        } catch {
          // not a JSON line
        }
      });
    });
  } catch (err) {
    await stopChild(child);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.pid as number, stop: () => stopChild(child) };
}

/** Sends SIGTERM and resolves once the child has exited (at once if it has already, or never started). */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Runs `task` from `concurrency` workers until `total` have run; returns completions per second. */
export async function throughput(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

/** Issues a hosted link for `acme` through the use case, as the command would. */
export async function issueBenchLink(bot: RunningBot, issuer: { userId: string; teamId: string }): Promise<string> {
  const checked = checkLinkRequest({ customer: 'acme', kind: 'hosted', ttl: undefined, idp: undefined, note: undefined, scope: undefined });
  if ('problems' in checked) throw new Error('the bench link request is invalid');
  const link = await bot.issuer.issue({ ...issuer, channelId: 'C0BENCH' }, checked.request);
  return link.url;
}
