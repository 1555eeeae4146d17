// Applies AUDIT_RETENTION in the background, hourly. Every replica may sweep: each batch holds
// the audit chain's head while it removes rows, so another replica's batch waits and then finds
// them gone; every row is removed once, and one retention entry records it.
import type { Logger } from 'pino';
import type { RetentionSweep } from './core/audit/retention.js';
import { startPeriodicWorker, type PeriodicWorker } from './periodic-worker.js';

const EVERY_MS = 60 * 60_000;

export function startRetentionWorker(sweep: RetentionSweep, logger: Logger): PeriodicWorker {
  const run = async (stopping: AbortSignal) => {
    const removed = await sweep.sweep(stopping);
    if (removed.links + removed.messages > 0) logger.info(removed, 'removed audit rows past AUDIT_RETENTION');
  };
  return startPeriodicWorker('retention', EVERY_MS, run, logger, 'audit retention failed');
}
