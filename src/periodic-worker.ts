// Runs a task in the background every so often (and once at start), never two at once.
import type { Logger } from 'pino';
import { AsyncTask, SimpleIntervalJob, ToadScheduler } from 'toad-scheduler';

export interface PeriodicWorker {
  /** Stops the runs and waits for the one under way. */
  stop(): Promise<void>;
}

/**
 * `task` runs every `everyMs`; a failure is logged as `failed` and the next run tries again. The
 * signal aborts when the worker stops, so that a long run can end between two steps.
 */
export function startPeriodicWorker(name: string, everyMs: number, task: (stopping: AbortSignal) => Promise<void>, logger: Logger, failed: string): PeriodicWorker {
  let running: Promise<void> = Promise.resolve();
  const stopping = new AbortController();
  const run = (): Promise<void> => {
    running = task(stopping.signal).catch((error: unknown) => logger.warn({ err: error }, `${failed}; the next one tries again`));
    return running;
  };
  const scheduler = new ToadScheduler();
  scheduler.addSimpleIntervalJob(new SimpleIntervalJob({ milliseconds: everyMs, runImmediately: true }, new AsyncTask(name, run), { preventOverrun: true, unref: true }));
  return {
    async stop() {
      scheduler.stop();
      stopping.abort();
      await running;
    },
  };
}
