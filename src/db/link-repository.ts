import { extensionDetail, type IssuedLink, type LinkEvent, type LinkEventType, type LinkKind, type LinkRecord, type LinkSummary, type NewIssuedLink, type NewLinkRecord } from '../core/links/link.js';
import type { LinkScope } from '../core/links/scope.js';
import type { NewOwedMessage } from '../core/outbox/message.js';
import type { LinkFilter, LinkRepository, LoggedEvent } from '../core/ports.js';
import { enqueue, withdrawReminders } from './outbox-repository.js';
import type { Link as LinkRow, LinkEvent as LinkEventRow, Prisma } from './generated/sqlite/client.js';
import { isUniqueViolation, type DbClient, type DbTransaction } from './prisma.js';

/** A row as the core sees it: an issued link always names its organization and expiry. */
export function toRecord(row: LinkRow): LinkRecord {
  const common = {
    id: row.id,
    kind: row.kind as LinkKind,
    teamId: row.teamId,
    channelId: row.channelId,
    issuerId: row.issuerId,
    issuerName: row.issuerName,
    orgQuery: row.orgQuery,
    idp: row.idp,
    note: row.note,
    scope: row.scope as LinkScope,
    createdAt: row.createdAt,
  };
  if (row.outcome !== 'issued') {
    return { ...common, outcome: 'failed', failureReason: row.failureReason ?? '', orgId: row.orgId, orgName: row.orgName };
  }
  if (row.orgId === null || row.expiresAt === null) throw new Error(`link ${row.id} is issued but has no organization or expiry`);
  return {
    ...common,
    outcome: 'issued',
    orgId: row.orgId,
    orgName: row.orgName ?? row.orgId,
    tokenHash: row.tokenHash,
    scalekitLinkId: row.scalekitLinkId,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy,
    posted: row.postedChannelId && row.postedTs ? { channelId: row.postedChannelId, ts: row.postedTs } : null,
    replacedBy: row.replacedBy,
  };
}

function toEvent(row: LinkEventRow): LinkEvent {
  return {
    linkId: row.linkId,
    type: row.type as LinkEventType,
    detail: row.detail,
    actor: row.actor,
    createdAt: row.createdAt,
  };
}

type NewEvent = Omit<LinkEvent, 'createdAt'> & { createdAt?: Date };

/** Writes an event; the audit chain's sealer chains it shortly after (src/db/audit-chain.ts). */
export async function insertEvent(db: DbClient | DbTransaction, event: NewEvent): Promise<void> {
  await db.linkEvent.create({
    data: { linkId: event.linkId, type: event.type, detail: event.detail, actor: event.actor, createdAt: event.createdAt ?? new Date() },
  });
}

/** Writes a link with the expiry it is issued with, which the audit chain keeps when the link is extended. */
async function insertLink(db: DbClient | DbTransaction, data: Prisma.LinkUncheckedCreateInput): Promise<void> {
  await db.link.create({ data: { ...data, issuedExpiresAt: data.expiresAt ?? null } });
}

const COUNTED: LinkEventType[] = ['viewed', 'session_minted'];

/** Links per grouped query, so that the bound ids stay under SQLite's 999 parameters. */
const IDS_PER_QUERY = 500;

function linkWhere(filter: LinkFilter): Prisma.LinkWhereInput {
  return {
    ...(filter.orgId !== undefined ? { orgId: filter.orgId } : {}),
    ...(filter.issuerId !== undefined ? { issuerId: filter.issuerId } : {}),
    ...(filter.outcome !== undefined ? { outcome: filter.outcome } : {}),
    ...(filter.kind !== undefined ? { kind: filter.kind } : {}),
    ...(filter.scopes !== undefined ? { scope: { in: [...filter.scopes] } } : {}),
  };
}

function rangeWhere(range: { since?: Date; until?: Date }): { createdAt?: { gte?: Date; lt?: Date } } {
  if (range.since === undefined && range.until === undefined) return {};
  return { createdAt: { ...(range.since ? { gte: range.since } : {}), ...(range.until ? { lt: range.until } : {}) } };
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

export class PrismaLinkRepository implements LinkRepository {
  constructor(private readonly prisma: DbClient) {}

  async create(link: NewLinkRecord): Promise<void> {
    await insertLink(this.prisma, { ...link });
  }

  async findById(id: string): Promise<LinkRecord | null> {
    const row = await this.prisma.link.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async findByTokenHash(tokenHash: string): Promise<LinkRecord | null> {
    const row = await this.prisma.link.findUnique({ where: { tokenHash } });
    return row ? toRecord(row) : null;
  }

  async recent(filter: Parameters<LinkRepository['recent']>[0]): Promise<LinkSummary[]> {
    const { before } = filter;
    const links = await this.prisma.link.findMany({
      where: {
        ...linkWhere(filter),
        ...rangeWhere(filter),
        ...(before ? { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: filter.limit,
    });
    if (links.length === 0) return [];
    const counts = new Map<string, number>();
    const reportedByLink = new Map<string, string[]>();
    for (const linkIds of chunks(links.map((link) => link.id), IDS_PER_QUERY)) {
      const [groups, reported] = await this.usage(linkIds);
      for (const group of groups) counts.set(`${group.linkId}\u0000${group.type}`, group._count._all);
      for (const event of reported) reportedByLink.set(event.linkId, [...(reportedByLink.get(event.linkId) ?? []), event.detail ?? '']);
    }
    return links.map((row) => ({
      ...toRecord(row),
      views: counts.get(`${row.id}\u0000viewed`) ?? 0,
      sessions: counts.get(`${row.id}\u0000session_minted`) ?? 0,
      reportedEvents: reportedByLink.get(row.id) ?? [],
    }));
  }

  // Prisma's filtered relation `_count` can count `events` only once per query (the select is
  // keyed by relation name), and two counts with different filters are needed. Grouped queries
  // over the listed links instead: a fixed number of queries per chunk of links.
  private usage(linkIds: string[]) {
    return Promise.all([
      this.prisma.linkEvent.groupBy({
        by: ['linkId', 'type'],
        where: { linkId: { in: linkIds }, type: { in: COUNTED } },
        _count: { _all: true },
      }),
      this.prisma.linkEvent.groupBy({
        by: ['linkId', 'detail'],
        where: { linkId: { in: linkIds }, type: 'portal_event' },
        _min: { createdAt: true },
        orderBy: { _min: { createdAt: 'asc' } },
      }),
    ]);
  }

  async eventLog(filter: Parameters<LinkRepository['eventLog']>[0]): Promise<LoggedEvent[]> {
    const { after } = filter;
    const rows = await this.prisma.linkEvent.findMany({
      where: {
        ...(filter.links ? { link: linkWhere(filter.links) } : {}),
        ...(filter.linkId !== undefined ? { linkId: filter.linkId } : {}),
        ...(filter.type !== undefined ? { type: filter.type } : {}),
        ...rangeWhere(filter),
        ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: filter.limit,
    });
    return rows.map((row) => ({ id: row.id, ...toEvent(row) }));
  }

  async events(linkId: string): Promise<LinkEvent[]> {
    const rows = await this.prisma.linkEvent.findMany({
      where: { linkId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toEvent);
  }

  countEvents(linkId: string, type: LinkEventType): Promise<number> {
    return this.prisma.linkEvent.count({ where: { linkId, type } });
  }

  async addEvent(event: NewEvent): Promise<void> {
    await insertEvent(this.prisma, event);
  }

  async claimSetupNotice(input: { linkId: string; part: string; actor: string; messages: NewOwedMessage[] }): Promise<boolean> {
    // The key (linkId, part) refuses a second claim, even one made at the same moment.
    try {
      await this.prisma.$transaction(async (tx) => {
        await tx.setupNotice.create({ data: { linkId: input.linkId, part: input.part } });
        await insertEvent(tx, { linkId: input.linkId, type: 'issuer_notified', detail: input.part, actor: input.actor });
        await withdrawReminders(tx, input.linkId);
        await enqueue(tx, input.messages);
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async recordPost(input: { linkId: string; channelId: string; ts: string }): Promise<void> {
    await this.prisma.link.update({ where: { id: input.linkId }, data: { postedChannelId: input.channelId, postedTs: input.ts } });
  }

  async revoke(input: { linkId: string; by: string; at: Date }): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.link.updateMany({
        where: { id: input.linkId, outcome: 'issued', revokedAt: null },
        data: { revokedAt: input.at, revokedBy: input.by },
      });
      if (count === 0) return false;
      await insertEvent(tx, { linkId: input.linkId, type: 'revoked', detail: null, actor: input.by, createdAt: input.at });
      await withdrawReminders(tx, input.linkId);
      return true;
    });
  }

  async extend(input: { linkId: string; from: Date; to: Date; by: string; at: Date }): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      // Only from the expiry the caller read: of two extensions at once, the second finds it moved.
      const { count } = await tx.link.updateMany({
        where: { id: input.linkId, outcome: 'issued', revokedAt: null, expiresAt: input.from },
        data: { expiresAt: input.to },
      });
      if (count === 0) return false;
      await insertEvent(tx, { linkId: input.linkId, type: 'extended', detail: extensionDetail(input.from, input.to), actor: input.by, createdAt: input.at });
      return true;
    });
  }

  async replace(input: { linkId: string; fresh: NewIssuedLink; posted: IssuedLink['posted']; by: string; at: Date }): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.link.updateMany({
        where: { id: input.linkId, outcome: 'issued', revokedAt: null },
        data: { revokedAt: input.at, revokedBy: input.by, replacedBy: input.fresh.id },
      });
      if (count === 0) return false;
      await insertLink(tx, { ...input.fresh, postedChannelId: input.posted?.channelId ?? null, postedTs: input.posted?.ts ?? null });
      await insertEvent(tx, { linkId: input.linkId, type: 'replaced', detail: input.fresh.id, actor: input.by, createdAt: input.at });
      await withdrawReminders(tx, input.linkId);
      return true;
    });
  }
}
