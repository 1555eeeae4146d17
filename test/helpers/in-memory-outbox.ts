// The outbox held in memory, for the in-memory database (see in-memory-database.ts).
import type { ClaimedMessage, MessageClaim, NewOwedMessage } from '../../src/core/outbox/message.js';
import { reminderIdPrefix } from '../../src/core/links/reminders.js';
import type { OutboxRepository } from '../../src/core/ports.js';

export interface OutboxRow extends NewOwedMessage {
  status: 'pending' | 'sent' | 'failed' | 'withdrawn';
  attempts: number;
  nextAttemptAt: Date;
  claimedUntil: Date | null;
  lastError: string | null;
  sentAt: Date | null;
  /** Bumped by every claim. */
  version: number;
}

const copy = <T>(value: T): T => structuredClone(value);

export class InMemoryOutbox implements OutboxRepository {
  readonly rows = new Map<string, OutboxRow>();

  /** Writes messages as part of a caller's change; all or none, like the transaction it stands for. */
  enqueue(messages: NewOwedMessage[]): void {
    if (messages.some(({ id }) => this.rows.has(id)) || new Set(messages.map(({ id }) => id)).size < messages.length) {
      throw new Error('Unique constraint failed on the fields: (`id`)');
    }
    for (const message of messages) {
      this.rows.set(message.id, copy({ ...message, status: 'pending', attempts: 0, nextAttemptAt: message.createdAt, claimedUntil: null, lastError: null, sentAt: null, version: 0 }));
    }
  }

  /** Withdraws a link's reminders still waiting, as part of a caller's change (see reminderIdPrefix). */
  withdrawReminders(linkId: string): void {
    for (const row of this.rows.values()) {
      if (row.id.startsWith(reminderIdPrefix(linkId)) && row.status === 'pending') row.status = 'withdrawn';
    }
  }

  async claimDue(input: { now: Date; limit: number; leaseMs: number }): Promise<ClaimedMessage[]> {
    const { now, limit, leaseMs } = input;
    // Checked and claimed without awaiting anything in between: a claim made at the same moment sees this one.
    const due = [...this.rows.values()]
      .filter((row) => row.status === 'pending' && row.nextAttemptAt <= now && (row.claimedUntil === null || row.claimedUntil < now))
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
    for (const row of due) Object.assign(row, { claimedUntil: new Date(now.getTime() + leaseMs), version: row.version + 1 });
    return due.map(({ id, message, createdAt, attempts, version }) => copy({ id, message, createdAt, attempts, claim: version }));
  }

  async markSent(claimed: MessageClaim, at: Date): Promise<void> {
    this.mark(claimed, { status: 'sent', sentAt: at, claimedUntil: null });
  }

  async retryLater(claimed: MessageClaim, input: { attempts: number; error: string; nextAttemptAt: Date }): Promise<void> {
    this.mark(claimed, { attempts: input.attempts, lastError: input.error, nextAttemptAt: input.nextAttemptAt, claimedUntil: null });
  }

  async markFailed(claimed: MessageClaim, input: { attempts: number; error: string }): Promise<void> {
    this.mark(claimed, { status: 'failed', attempts: input.attempts, lastError: input.error, claimedUntil: null });
  }

  async release(claimed: MessageClaim): Promise<void> {
    this.mark(claimed, { claimedUntil: null });
  }

  async purge(before: Date): Promise<number> {
    const settled = [...this.rows.values()].filter((row) => row.status !== 'pending' && row.createdAt < before);
    for (const row of settled) this.rows.delete(row.id);
    return settled.length;
  }

  async backlog(now: Date): Promise<{ pending: number; oldestDueAt: Date | null }> {
    const pending = [...this.rows.values()].filter((row) => row.status === 'pending');
    const due = pending.filter((row) => row.nextAttemptAt <= now).map((row) => row.createdAt.getTime());
    return { pending: pending.length, oldestDueAt: due.length ? new Date(Math.min(...due)) : null };
  }

  /** Records what became of a claimed message, unless a later claim took it meanwhile. */
  private mark(claimed: MessageClaim, change: Partial<OutboxRow>): void {
    const row = this.rows.get(claimed.id);
    if (row?.version === claimed.claim) Object.assign(row, change);
  }
}
