// `npm run audit-log -- links --format csv` over the whole trail, as an auditor runs it: its own
// process, its output counted and dropped, its wall time and peak memory (VmHWM) measured.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ExportRun {
  ms: number;
  /** Peak resident memory of the exporting process, in bytes. */
  peakRss: number;
  /** CSV lines written, the header included. */
  lines: number;
}

/** The process's peak resident memory so far, in bytes (0 once it has gone). */
function highWaterMark(pid: number): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** How often the peak is read: the last reading before exit is the peak of the whole run. */
const POLL_MS = 25;

export function exportCsv(databaseUrl: string): Promise<ExportRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'links', '--format', 'csv'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakRss = 0;
  let lines = 0;
  const poll = setInterval(() => (peakRss = Math.max(peakRss, highWaterMark(child.pid as number))), POLL_MS);
  child.stdout.on('data', (chunk: Buffer) => {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearInterval(poll);
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`the csv export exited with ${code ?? signal}`));
      else resolve({ ms, peakRss, lines });
    });
  });
}
