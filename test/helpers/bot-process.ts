// The bot as `npm start` runs it: its own process, with exactly the environment a test gives.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseJsonLine, waitForLine } from './processes.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const TSX = fileURLToPath(import.meta.resolve('tsx'));

export type BotProcess = ChildProcessByStdio<null, Readable, Readable>;

/** A folder of its own for a bot process, so that a developer's own .env plays no part. */
export function emptyFolder(): string {
  return mkdtempSync(join(tmpdir(), 'sso-portal-start-'));
}

/** `npm start`'s entry point, as a separate process with exactly `env`, in `cwd`. Track it (see trackChildren). */
export function startBotProcess(env: Record<string, string>, cwd: string): BotProcess {
  return spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the port once the bot logs that it runs (stdout lines go to `lines`); rejects after `timeoutMs` (15 s unless given). */
export function runningPort(child: BotProcess, lines: string[] = [], timeoutMs?: number): Promise<number> {
  return waitForLine(
    child,
    child.stdout,
    (line) => {
      const entry = parseJsonLine(line);
      return entry?.msg === 'sso-portal-bot is running' && typeof entry.port === 'number' ? entry.port : undefined;
    },
    { what: 'the bot logged that it runs', lines, timeoutMs },
  );
}
