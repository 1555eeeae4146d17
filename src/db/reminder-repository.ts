import type { SetupPart } from '../core/links/events.js';
import type { IssuedLink } from '../core/links/link.js';
import { LINK_SCOPES, partsOf } from '../core/links/scope.js';
import { REMINDER_REASONS, type NewOwedMessage, type ReminderReason } from '../core/outbox/message.js';
import type { DueReminder, PartsDone, ReminderQuery, ReminderRepository } from '../core/ports.js';
import type { Prisma } from './generated/sqlite/client.js';
import { insertEvent, toRecord } from './link-repository.js';
import { enqueue, withdrawReminders } from './outbox-repository.js';
import { inSlices, isUniqueViolation, type DbClient } from './prisma.js';

type Claim = Parameters<ReminderRepository['claim']>[0][number];

/** Links that could be reminded of at all: live hosted links, unfinished, reminders on. */
function remindable(query: ReminderQuery): Prisma.LinkWhereInput {
  return {
    outcome: 'issued',
    kind: 'hosted',
    revokedAt: null,
    expiresAt: { gt: query.now },
    remindersOffAt: null,
    // A replaced link was revoked in the same step, so `revokedAt` leaves it out too.
    // Finished: a setup notice for every part the link's scope offers.
    NOT: { OR: LINK_SCOPES.map((scope) => ({ scope, AND: partsOf(scope).map((part) => ({ setupNotices: { some: { part } } })) })) },
  };
}

/** What makes a link due for each reason. */
function dueFor(reason: ReminderReason, query: ReminderQuery): Prisma.LinkWhereInput {
  switch (reason) {
    case 'unopened':
      return { createdAt: { lte: query.unopenedIssuedBy }, events: { none: { type: 'viewed' } } };
    case 'expiring':
      return { expiresAt: { lte: query.expiringBy } };
    case 'stalled':
      return {
        AND: [
          { events: { some: { type: 'session_minted', createdAt: { lte: query.stalledSince } } } },
          { events: { none: { type: 'session_minted', createdAt: { gt: query.stalledSince } } } },
        ],
      };
  }
}

const claimKey = ({ linkId, reason }: { linkId: string; reason: string }): string => `${linkId}\u0000${reason}`;

export class PrismaReminderRepository implements ReminderRepository {
  constructor(private readonly prisma: DbClient) {}

  async due(query: ReminderQuery): Promise<DueReminder[]> {
    const found = await Promise.all(
      REMINDER_REASONS.map(async (reason) => {
        const rows = await this.prisma.link.findMany({
          where: { AND: [remindable(query), dueFor(reason, query), { reminders: { none: { reason } } }] },
          orderBy: { id: 'asc' },
          take: query.limit,
        });
        return rows.map((row) => ({ reason, link: toRecord(row) as IssuedLink }));
      }),
    );
    const due = found.flat();
    if (due.length === 0) return [];
    const linkIds = [...new Set(due.map(({ link }) => link.id))];
    const usage = await this.prisma.linkEvent.groupBy({
      by: ['linkId', 'type'],
      where: { linkId: { in: linkIds }, type: { in: ['viewed', 'session_minted'] } },
      _count: { _all: true },
      _max: { createdAt: true },
    });
    const used = new Map(usage.map((group) => [`${group.linkId}\u0000${group.type}`, group]));
    return due.map(({ reason, link }) => {
      const sessions = used.get(`${link.id}\u0000session_minted`);
      return {
        reason,
        link,
        views: used.get(`${link.id}\u0000viewed`)?._count._all ?? 0,
        sessions: sessions?._count._all ?? 0,
        lastSessionAt: sessions?._max.createdAt ?? null,
      };
    });
  }

  async claim(reminders: Claim[]): Promise<number> {
    let pending = reminders;
    // All at once; when another replica claimed some of them meanwhile, the rest at once again.
    // Replicas sweeping together find the same due reminders: the ones that lose must not try
    // each one alone, which turns a backlog into thousands of failing transactions a round.
    while (pending.length > 0) {
      // The attempts before wrote nothing: what this one wrote is what this call claimed.
      if (await this.claimAll(pending)) return pending.length;
      const taken = await this.claimedOf(pending);
      const rest = pending.filter((reminder) => !taken.has(claimKey(reminder)));
      if (rest.length === pending.length) break;
      pending = rest;
    }
    // Refused, yet none claimed when looked at (a claim rolled back meanwhile): one by one.
    let claimed = 0;
    for (const reminder of pending) if (await this.claimAll([reminder])) claimed += 1;
    return claimed;
  }

  /** Which of these were claimed already, as claimKey()s. */
  private async claimedOf(reminders: Claim[]): Promise<Set<string>> {
    const linkIds = [...new Set(reminders.map(({ linkId }) => linkId))];
    const rows = await inSlices(linkIds, (slice) => this.prisma.reminder.findMany({ where: { linkId: { in: slice } }, select: { linkId: true, reason: true } }));
    return new Set(rows.map(claimKey));
  }

  /** False (and nothing written) when any of them was claimed already: the key refuses it. */
  private async claimAll(reminders: Claim[]): Promise<boolean> {
    try {
      await this.prisma.$transaction(async (tx) => {
        await tx.reminder.createMany({ data: reminders.map(({ linkId, reason, at }) => ({ linkId, reason, createdAt: at })) });
        const sent = reminders.filter((reminder): reminder is Claim & { message: NewOwedMessage } => reminder.message !== null);
        await tx.linkEvent.createMany({ data: sent.map(({ linkId, reason, at }) => ({ linkId, type: 'reminded', detail: reason, actor: null, createdAt: at })) });
        await enqueue(tx, sent.map(({ message }) => message));
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async partsDoneByOrg(orgIds: readonly string[]): Promise<Map<string, PartsDone>> {
    const found = await inSlices(orgIds, (slice) =>
      this.prisma.setupNotice.findMany({ where: { link: { orgId: { in: slice } } }, select: { part: true, createdAt: true, link: { select: { orgId: true } } } }),
    );
    const done = new Map<string, PartsDone>();
    for (const { part, createdAt, link } of found) {
      if (!link.orgId) continue;
      const parts = done.get(link.orgId) ?? {};
      const known = parts[part as SetupPart];
      if (!known || createdAt < known) parts[part as SetupPart] = createdAt;
      done.set(link.orgId, parts);
    }
    return done;
  }

  async turnOff(input: { linkId: string; by: string; at: Date }): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.link.updateMany({
        where: { id: input.linkId, outcome: 'issued', remindersOffAt: null },
        data: { remindersOffAt: input.at, remindersOffBy: input.by },
      });
      if (count === 0) return false;
      await insertEvent(tx, { linkId: input.linkId, type: 'reminders_off', detail: null, actor: input.by, createdAt: input.at });
      await withdrawReminders(tx, input.linkId);
      return true;
    });
  }
}
