// Runs the reminder sweep in the background, every REMINDER_CHECK_EVERY. Every replica sweeps;
// each reminder is claimed before it is queued, so it goes out once.
import type { Logger } from 'pino';
import type { ReminderSweep } from './core/links/reminders.js';
import { startPeriodicWorker, type PeriodicWorker } from './periodic-worker.js';

export function startReminderWorker(sweep: ReminderSweep, logger: Logger, everyMs: number): PeriodicWorker {
  const run = async () => {
    const queued = await sweep.sweep();
    if (queued > 0) logger.info({ queued }, 'queued reminders');
  };
  return startPeriodicWorker('reminders', everyMs, run, logger, 'reminder sweep failed');
}
