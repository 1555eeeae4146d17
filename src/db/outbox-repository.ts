import type { ClaimedMessage, MessageClaim, NewOwedMessage, OwedMessage, Recipient } from '../core/outbox/message.js';
import { reminderIdPrefix } from '../core/links/reminders.js';
import type { OutboxRepository } from '../core/ports.js';
import type { OutboxMessage as OutboxRow, Prisma } from './generated/sqlite/client.js';
import type { DbClient, DbTransaction } from './prisma.js';

/** Writes owed messages, inside the caller's transaction (the one that records their cause). */
export async function enqueue(tx: DbTransaction, messages: NewOwedMessage[]): Promise<void> {
  await tx.outboxMessage.createMany({
    data: messages.map(({ id, message, createdAt }) => {
      const to: Recipient = message.to;
      return {
        id,
        kind: message.kind,
        channel: 'userId' in to ? to.userId : to.channelId,
        threadTs: 'threadTs' in to ? to.threadTs : null,
        payload: JSON.stringify(message.facts),
        nextAttemptAt: createdAt,
        createdAt,
      };
    }),
  });
}

/** Withdraws the link's reminders still waiting to be sent, inside the caller's transaction (see reminderIdPrefix). */
export async function withdrawReminders(tx: DbTransaction, linkId: string): Promise<void> {
  await tx.outboxMessage.updateMany({ where: { id: { startsWith: reminderIdPrefix(linkId) }, status: 'pending' }, data: { status: 'withdrawn' } });
}

function toClaimed(row: OutboxRow, claim: number): ClaimedMessage {
  const to: Recipient = row.threadTs === null ? { userId: row.channel } : { channelId: row.channel, threadTs: row.threadTs };
  // The kind says how the payload reads; it is written by enqueue() above and nothing else.
  const message = { kind: row.kind, to, facts: JSON.parse(row.payload) } as OwedMessage;
  return { id: row.id, message, createdAt: row.createdAt, attempts: row.attempts, claim };
}

/** Messages nobody will try to send again. */
const SETTLED = ['sent', 'failed', 'withdrawn'];

export class PrismaOutboxRepository implements OutboxRepository {
  constructor(private readonly prisma: DbClient) {}

  async claimDue(input: { now: Date; limit: number; leaseMs: number }): Promise<ClaimedMessage[]> {
    const { now, limit, leaseMs } = input;
    const due = await this.prisma.outboxMessage.findMany({
      where: { status: 'pending', nextAttemptAt: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    const claimed: ClaimedMessage[] = [];
    for (const row of due) {
      // Compare and set on the version read: of any workers that read the row, one wins the
      // update, and the others' updates match nothing (on PostgreSQL the second waits for the
      // first's row lock, then finds the version changed).
      const { count } = await this.prisma.outboxMessage.updateMany({
        where: { id: row.id, version: row.version, status: 'pending' },
        data: { version: row.version + 1, claimedUntil: new Date(now.getTime() + leaseMs) },
      });
      if (count === 1) claimed.push(toClaimed(row, row.version + 1));
    }
    return claimed;
  }

  async markSent(claimed: MessageClaim, at: Date): Promise<void> {
    await this.mark(claimed, { status: 'sent', sentAt: at, claimedUntil: null });
  }

  async retryLater(claimed: MessageClaim, input: { attempts: number; error: string; nextAttemptAt: Date }): Promise<void> {
    await this.mark(claimed, { attempts: input.attempts, lastError: input.error, nextAttemptAt: input.nextAttemptAt, claimedUntil: null });
  }

  async markFailed(claimed: MessageClaim, input: { attempts: number; error: string }): Promise<void> {
    await this.mark(claimed, { status: 'failed', attempts: input.attempts, lastError: input.error, claimedUntil: null });
  }

  async release(claimed: MessageClaim): Promise<void> {
    await this.mark(claimed, { claimedUntil: null });
  }

  async purge(before: Date): Promise<number> {
    const { count } = await this.prisma.outboxMessage.deleteMany({ where: { status: { in: SETTLED }, createdAt: { lt: before } } });
    return count;
  }

  // Both read the (status, nextAttemptAt) index: cheap enough for every scrape.
  async backlog(now: Date): Promise<{ pending: number; oldestDueAt: Date | null }> {
    const [pending, due] = await Promise.all([
      this.prisma.outboxMessage.count({ where: { status: 'pending' } }),
      this.prisma.outboxMessage.aggregate({ where: { status: 'pending', nextAttemptAt: { lte: now } }, _min: { createdAt: true } }),
    ]);
    return { pending, oldestDueAt: due._min.createdAt };
  }

  /** Records what became of a claimed message, unless a later claim took it meanwhile. */
  private async mark(claimed: MessageClaim, data: Prisma.OutboxMessageUpdateManyMutationInput): Promise<void> {
    await this.prisma.outboxMessage.updateMany({ where: { id: claimed.id, version: claimed.claim }, data });
  }
}
