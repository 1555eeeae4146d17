import { describe, expect, it } from 'vitest';
import { WorkInFlight } from '../src/work-in-flight.js';

/** A promise and the function that settles it. */
function pending(): { promise: Promise<void>; settle: () => void } {
  let settle = () => undefined as void;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
}

describe('work in flight during a shutdown', () => {
  it('takes work until a shutdown begins, and waits for what runs without cutting it off', async () => {
    const work = new WorkInFlight();
    const reply = pending();
    work.track(reply.promise);
    expect(work.open).toBe(true);
    const draining = work.drain(60_000);
    expect(work.open).toBe(false);
    reply.settle();
    expect(await draining).toBe(0);
    expect(work.deadline.aborted).toBe(false);
  });

  it('signals the deadline once the grace is over, and waits for the work that then records its failure', async () => {
    const work = new WorkInFlight();
    const recorded: string[] = [];
    work.track(new Promise<void>((resolve) => work.deadline.addEventListener('abort', () => (recorded.push('failed row'), resolve()))));
    expect(await work.drain(10)).toBe(0);
    expect(recorded).toEqual(['failed row']);
  });

  it('lets a burst of work listen for the deadline without a leak warning', async () => {
    const work = new WorkInFlight();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 50; i++) work.deadline.addEventListener('abort', () => undefined);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('counts a failed piece of work as settled', async () => {
    const work = new WorkInFlight();
    work.track(Promise.reject(new Error('the listener failed')));
    expect(await work.drain(60_000)).toBe(0);
  });
});
