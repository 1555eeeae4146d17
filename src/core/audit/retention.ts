// AUDIT_RETENTION: links whose last activity is older than the retention period are removed in
// batches, with their events, each batch leaving a retention entry in the audit chain so that
// `verify` still accounts for every row. Settled outbox messages that old go too.
import type { AuditRepository, OutboxRepository } from '../ports.js';

/** Links per transaction: a batch holds the chain's head, so it stays short. */
const BATCH = 500;

export interface RetentionResult {
  links: number;
  events: number;
  messages: number;
}

export class RetentionSweep {
  constructor(
    private readonly db: { audit: AuditRepository; outbox: OutboxRepository },
    private readonly keepMs: number,
    private readonly now: () => Date,
  ) {}

  /** Removes batch after batch until none is left, or `stopping` aborts (the bot shuts down: the next sweep goes on). */
  async sweep(stopping?: AbortSignal): Promise<RetentionResult> {
    const cutoff = new Date(this.now().getTime() - this.keepMs);
    // Chained first, so that the retention entries account for every row they remove.
    await this.db.audit.seal();
    const removed = { links: 0, events: 0 };
    for (;;) {
      const batch = await this.db.audit.prune({ lastActivityBefore: cutoff, limit: BATCH });
      removed.links += batch.links;
      removed.events += batch.events;
      if (batch.links < BATCH || stopping?.aborted) break;
    }
    return { ...removed, messages: await this.db.outbox.purge(cutoff) };
  }
}
