// Runs the reminder sweep in the background, every REMINDER_CHECK_EVERY. Every replica sweeps;
// each reminder is claimed before it is queued, so it goes out once.
import type { Logger } from 'pino';
import { AsyncTask, SimpleIntervalJob, ToadScheduler } from 'toad-scheduler';
import type { ReminderSweep } from './core/links/reminders.js';

export interface ReminderWorker {
  /** Stops the sweeps and waits for the one under way. */
  stop(): Promise<void>;
}

export function startReminderWorker(sweep: ReminderSweep, logger: Logger, everyMs: number): ReminderWorker {
  let running: Promise<void> = Promise.resolve();
  const run = (): Promise<void> => {
    running = sweep
      .sweep()
      .then((queued) => {
        if (queued > 0) logger.info({ queued }, 'queued reminders');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'reminder sweep failed; the next one tries again'));
    return running;
  };
  const scheduler = new ToadScheduler();
  scheduler.addSimpleIntervalJob(
    new SimpleIntervalJob({ milliseconds: everyMs, runImmediately: true }, new AsyncTask('reminders', run), { preventOverrun: true, unref: true }),
  );
  return {
    async stop() {
      scheduler.stop();
      await running;
    },
  };
}
