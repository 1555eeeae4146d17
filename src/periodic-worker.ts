// Runs a task in the background every so often (and once at start), never two at once.
import type { Logger } from 'pino';
import { AsyncTask, SimpleIntervalJob, ToadScheduler } from 'toad-scheduler';

export interface PeriodicWorker {
  /** Stops the runs and waits for the one under way. */
  stop(): Promise<void>;
}

/** `task` runs every `everyMs`; a failure is logged as `failed` and the next run tries again. */
export function startPeriodicWorker(name: string, everyMs: number, task: () => Promise<void>, logger: Logger, failed: string): PeriodicWorker {
  let running: Promise<void> = Promise.resolve();
  const run = (): Promise<void> => {
    running = task().catch((error: unknown) => logger.warn({ err: error }, `${failed}; the next one tries again`));
    return running;
  };
  const scheduler = new ToadScheduler();
  scheduler.addSimpleIntervalJob(new SimpleIntervalJob({ milliseconds: everyMs, runImmediately: true }, new AsyncTask(name, run), { preventOverrun: true, unref: true }));
  return {
    async stop() {
      scheduler.stop();
      await running;
    },
  };
}
