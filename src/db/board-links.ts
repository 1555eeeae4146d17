// What the onboarding board needs of each link in its window, in four set-based queries
// whatever the number of links: the links, their view and session times, the reminders sent,
// and the parts finished through them.
import type { BoardLink, BoardLinkRecord } from '../core/board/board.js';
import type { LinkKind } from '../core/links/link.js';
import type { LinkScope } from '../core/links/scope.js';
import type { SetupPart } from '../core/links/events.js';
import type { ReminderReason } from '../core/outbox/message.js';
import type { Prisma } from './generated/sqlite/client.js';
import type { DbClient } from './prisma.js';

const COLUMNS = {
  id: true,
  kind: true,
  outcome: true,
  issuerId: true,
  orgQuery: true,
  orgId: true,
  orgName: true,
  scope: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  replacedBy: true,
} as const satisfies Prisma.LinkSelect;

type Columns = Prisma.LinkGetPayload<{ select: typeof COLUMNS }>;

/** A row as the board reads it: an issued link always names its organization and expiry. */
function placed(row: Columns): BoardLinkRecord {
  const common = { id: row.id, kind: row.kind as LinkKind, issuerId: row.issuerId, orgQuery: row.orgQuery, scope: row.scope as LinkScope, createdAt: row.createdAt };
  if (row.outcome !== 'issued') return { ...common, outcome: 'failed', orgId: row.orgId, orgName: row.orgName };
  if (row.orgId === null || row.expiresAt === null) throw new Error(`link ${row.id} is issued but has no organization or expiry`);
  return { ...common, outcome: 'issued', orgId: row.orgId, orgName: row.orgName ?? row.orgId, expiresAt: row.expiresAt, revokedAt: row.revokedAt, replacedBy: row.replacedBy };
}

export async function boardLinks(prisma: DbClient, query: { since: Date; issuerId?: string }): Promise<BoardLink[]> {
  const where: Prisma.LinkWhereInput = { createdAt: { gte: query.since }, ...(query.issuerId === undefined ? {} : { issuerId: query.issuerId }) };
  // Only the columns the board reads: a whole row costs several times as much to read.
  const rows = await prisma.link.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: COLUMNS });
  if (rows.length === 0) return [];
  const usage = await prisma.linkEvent.groupBy({
    by: ['linkId', 'type'],
    where: { link: where, type: { in: ['viewed', 'session_minted'] } },
    _count: { _all: true },
    _min: { createdAt: true },
    _max: { createdAt: true },
  });
  // Reminders sent (a reminder settled unsent has no event), oldest first: two sent at one moment
  // (one sweep) are in the order they were written.
  const reminders = await prisma.linkEvent.findMany({
    where: { link: where, type: 'reminded' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { linkId: true, detail: true, createdAt: true },
  });
  const notices = await prisma.setupNotice.findMany({ where: { link: where }, select: { linkId: true, part: true, createdAt: true } });

  const used = new Map(usage.map((group) => [`${group.linkId}\u0000${group.type}`, group]));
  const lastReminder = new Map<string, { reason: ReminderReason; at: Date }>();
  for (const { linkId, detail, createdAt } of reminders) lastReminder.set(linkId, { reason: detail as ReminderReason, at: createdAt });
  const finished = new Map<string, Array<{ part: SetupPart; at: Date }>>();
  for (const { linkId, part, createdAt } of notices) finished.set(linkId, [...(finished.get(linkId) ?? []), { part: part as SetupPart, at: createdAt }]);
  return rows.map((row) => {
    const views = used.get(`${row.id}\u0000viewed`);
    const sessions = used.get(`${row.id}\u0000session_minted`);
    return {
      link: placed(row),
      firstViewAt: views?._min.createdAt ?? null,
      firstSessionAt: sessions?._min.createdAt ?? null,
      lastSessionAt: sessions?._max.createdAt ?? null,
      sessions: sessions?._count._all ?? 0,
      lastReminder: lastReminder.get(row.id) ?? null,
      finished: finished.get(row.id) ?? [],
    };
  });
}
