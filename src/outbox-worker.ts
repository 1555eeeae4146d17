// Runs outbox delivery in the background: a round every few seconds, and one at once when the
// bot has just queued a message. Rounds may overlap (a kick during a scheduled round): each
// message is claimed before it is sent, so no message goes out twice.
import type { Logger } from 'pino';
import { AsyncTask, SimpleIntervalJob, ToadScheduler } from 'toad-scheduler';
import { DELIVERY_BATCH, type OutboxDelivery } from './core/outbox/delivery.js';

export interface OutboxWorker {
  /** Delivers what is due now, without waiting for the next round. */
  kick(): void;
  /** Stops the rounds, and the one under way between two messages. */
  stop(): Promise<void>;
}

export function startOutboxWorker(delivery: OutboxDelivery, logger: Logger, everyMs: number): OutboxWorker {
  const running = new Set<Promise<void>>();
  const stopping = new AbortController();

  const round = async (): Promise<void> => {
    for (;;) {
      const report = await delivery.deliverDue(DELIVERY_BATCH, stopping.signal);
      for (const { id, error } of report.gaveUp) {
        logger.error({ messageId: id, lastError: error }, 'gave up delivering a message after a day of retries');
      }
      if (stopping.signal.aborted || report.sent + report.retried + report.gaveUp.length < DELIVERY_BATCH) return;
    }
  };
  const run = (): Promise<void> => {
    const done = round()
      .catch((error: unknown) => logger.warn({ err: error }, 'outbox delivery round failed; the next round tries again'))
      .finally(() => running.delete(done));
    running.add(done);
    return done;
  };

  const scheduler = new ToadScheduler();
  scheduler.addSimpleIntervalJob(
    new SimpleIntervalJob({ milliseconds: everyMs, runImmediately: true }, new AsyncTask('outbox', run), { preventOverrun: true, unref: true }),
  );
  return {
    kick() {
      if (!stopping.signal.aborted) void run();
    },
    async stop() {
      scheduler.stop();
      stopping.abort();
      await Promise.all(running);
    },
  };
}
