import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Readiness } from '../src/readiness.js';

const silent = pino({ level: 'silent' });

describe('readiness', () => {
  it('runs one check for probes that arrive together, reuses it for a second, then checks again', async () => {
    let clock = 0;
    let runs = 0;
    let failing = false;
    const database = async () => {
      runs++;
      if (failing) throw new Error('no such table: Link');
    };
    const readiness = new Readiness({ database }, silent, () => clock);
    await Promise.all([readiness.report(), readiness.report(), readiness.report()]);
    expect(runs).toBe(1);
    failing = true;
    clock = 1_000;
    expect(await readiness.report()).toEqual({ status: 'ready', checks: { database: 'ok' } });
    expect(runs).toBe(1);
    clock = 1_001;
    expect(await readiness.report()).toEqual({ status: 'not ready', checks: { database: 'failed' } });
    expect(runs).toBe(2);
  });

  it('says which check failed, and the others passed', async () => {
    const readiness = new Readiness({ database: async () => undefined, migrations: () => Promise.reject(new Error('migrations not applied: x')) }, silent);
    expect(await readiness.report()).toEqual({ status: 'not ready', checks: { database: 'ok', migrations: 'failed' } });
  });

  it('is not ready once a shutdown began, for a probe waiting on a check too', async () => {
    const readiness = new Readiness({ database: () => new Promise<void>(() => undefined) }, silent);
    const waiting = readiness.report();
    readiness.shuttingDown();
    expect(await waiting).toEqual({ status: 'shutting down', checks: {} });
    expect(await readiness.report()).toEqual({ status: 'shutting down', checks: {} });
  });
});
