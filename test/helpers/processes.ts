// Child processes that tests start: none outlives its test file, and waiting for one never hangs.

import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { afterAll } from 'vitest';

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/**
 * Records the children a test file starts (call at its top level or in a describe): after all its
 * tests, those still running get SIGKILL, so a failed assertion or a hang leaks none. Returns
 * `track(child)`, which records a child and hands it back.
 */
export function trackChildren(): <C extends ChildProcess>(child: C) => C {
  const children = new Set<ChildProcess>();
  afterAll(async () => {
    await Promise.all(
      [...children].map(async (child) => {
        if (!running(child)) return;
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }),
    );
  });
  return (child) => {
    children.add(child);
    return child;
  };
}

/**
 * Resolves with what `match` returns for the first line of `stream` it gives a value for. Every
 * line, before and after, is collected into `lines`. Rejects, with the output so far, when the
 * child exits first or after `timeoutMs`.
 */
export function waitForLine<T>(
  child: ChildProcess,
  stream: Readable,
  match: (line: string) => T | undefined,
  options: { what: string; timeoutMs?: number; lines?: string[] },
): Promise<T> {
  const { what, timeoutMs = 15_000, lines = [] } = options;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      settle();
    };
    const output = () => (lines.length ? `; its output:\n${lines.join('\n')}` : '; it printed nothing');
    const onExit = (code: number | null, signal: string | null) =>
      finish(() => reject(new Error(`the process exited (${signal ?? code}) before ${what}${output()}`)));
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${output()}`))), timeoutMs);
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (settled) return;
      const value = match(line);
      if (value !== undefined) finish(() => resolve(value));
    });
    if (running(child)) child.once('exit', onExit);
    else onExit(child.exitCode, child.signalCode);
  });
}

/**
 * The child's exit code (or signal), now if it has already exited, where `once(child, 'exit')`
 * would wait forever. Rejects after `timeoutMs` with its output so far (`lines`, e.g. those
 * waitForLine collected), so that a process that does not stop says what it last logged.
 */
export function waitForExit(child: ChildProcess, options: { what: string; timeoutMs: number; lines?: string[] }): Promise<number | string> {
  const { what, timeoutMs, lines = [] } = options;
  if (!running(child)) return Promise.resolve(child.exitCode ?? (child.signalCode as string));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      reject(new Error(`${what} did not exit within ${timeoutMs} ms; its output:\n${lines.slice(-40).join('\n') || '(none)'}`));
    }, timeoutMs);
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      resolve(code ?? (signal as string));
    };
    child.once('exit', onExit);
  });
}

/** A JSON log line as an object; undefined for anything else (a stray non-JSON line is no error). */
export function parseJsonLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
