import { errorMessage } from '../errors.js';
import { UndeliverableError, type MessageSender, type OutboxRepository } from '../ports.js';
import type { ClaimedMessage } from './message.js';

/**
 * How long a claim keeps other workers off a message: far longer than one Slack call can take
 * (its timeout and retries, and a rate limit's wait). Only a worker that died mid-send makes the
 * next one wait this long.
 */
const CLAIM_LEASE_MS = 5 * 60_000;
/** A sent message's mark is tried this often before the round gives up on it (it is not sent again meanwhile). */
const MARK_ATTEMPTS = 3;
/** A message Slack keeps refusing is given up this long after it was written. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;
const FIRST_RETRY_MS = 2_000;
const LONGEST_WAIT_MS = 5 * 60_000;

/** The wait before attempt `attempts + 1`: 2 s, doubling, at most 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_WAIT_MS);
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  /** Messages given up on in this round, with Slack's last answer. */
  gaveUp: Array<{ id: string; error: string }>;
}

/** Messages claimed per round: a round that gets this many looks again at once. */
export const DELIVERY_BATCH = 50;

/**
 * Delivers what the outbox holds: each due message is claimed (so no other worker or replica
 * sends it meanwhile), sent, and marked sent; a failure is retried with backoff until a day has
 * passed, then marked failed (at once when Slack will never take it). A worker that dies between
 * sending and marking leaves the message to be sent again when its claim runs out: at least once.
 */
export class OutboxDelivery {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly sender: MessageSender,
    private readonly now: () => Date,
  ) {}

  /** Sends what is due; once `stopping` aborts, it stops between two messages and gives the rest back. */
  async deliverDue(limit = DELIVERY_BATCH, stopping?: AbortSignal): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, gaveUp: [] };
    const claims = await this.outbox.claimDue({ now: this.now(), limit, leaseMs: CLAIM_LEASE_MS });
    for (const [index, claimed] of claims.entries()) {
      if (stopping?.aborted) {
        // Unclaimed at once: another replica (or the next start) need not wait out the lease.
        await Promise.all(claims.slice(index).map((rest) => this.outbox.release(rest)));
        break;
      }
      try {
        await this.sender.send(claimed.message);
      } catch (error) {
        await this.failed(claimed, error, report);
        continue;
      }
      // Sent: retry the mark, never the send.
      await this.markSent(claimed);
      report.sent += 1;
    }
    return report;
  }

  private async failed(claimed: ClaimedMessage, error: unknown, report: DeliveryReport): Promise<void> {
    const attempts = claimed.attempts + 1;
    const now = this.now();
    const lastError = errorMessage(error);
    if (error instanceof UndeliverableError || now.getTime() - claimed.createdAt.getTime() >= GIVE_UP_AFTER_MS) {
      await this.outbox.markFailed(claimed, { attempts, error: lastError });
      report.gaveUp.push({ id: claimed.id, error: lastError });
    } else {
      await this.outbox.retryLater(claimed, { attempts, error: lastError, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) });
      report.retried += 1;
    }
  }

  private async markSent(claimed: ClaimedMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.outbox.markSent(claimed, this.now());
      } catch (error) {
        if (attempt >= MARK_ATTEMPTS) throw error;
      }
    }
  }
}
