import { extensionDetail, type IssuedLink, type LinkEvent, type LinkEventType, type LinkKind, type LinkRecord, type LinkSummary, type NewIssuedLink, type NewLinkRecord } from '../core/links/link.js';
import type { BoardLink } from '../core/board/board.js';
import type { LinkScope } from '../core/links/scope.js';
import type { NewOwedMessage } from '../core/outbox/message.js';
import type { LinkFilter, LinkRepository, LoggedEvent } from '../core/ports.js';
import { enqueue, withdrawReminders } from './outbox-repository.js';
import type { Link as LinkRow, LinkEvent as LinkEventRow, Prisma } from './generated/sqlite/client.js';
import { boardLinks } from './board-links.js';
import { linkPage } from './link-page.js';
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
  // Object.assign rather than a spread: an export maps a million rows, and on Node 20 spreading
  // an object this size into a literal costs microseconds each.
  if (row.outcome !== 'issued') {
    return Object.assign(common, { outcome: 'failed' as const, failureReason: row.failureReason ?? '', orgId: row.orgId, orgName: row.orgName });
  }
  if (row.orgId === null || row.expiresAt === null) throw new Error(`link ${row.id} is issued but has no organization or expiry`);
  return Object.assign(common, {
    outcome: 'issued' as const,
    orgId: row.orgId,
    orgName: row.orgName ?? row.orgId,
    tokenHash: row.tokenHash,
    scalekitLinkId: row.scalekitLinkId,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy,
    posted: row.postedChannelId && row.postedTs ? { channelId: row.postedChannelId, ts: row.postedTs } : null,
    replacedBy: row.replacedBy,
  });
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

/**
 * Events after `cursor` in (createdAt, id) order. The bare bound on createdAt repeats what the OR
 * implies so that the database starts its index scan at the cursor instead of filtering its way
 * there from the first event (every page would cost more than the one before).
 */
function afterEvent(cursor: { createdAt: Date; id: number }): Prisma.LinkEventWhereInput {
  const { createdAt, id } = cursor;
  return { AND: [{ createdAt: { gte: createdAt } }, { OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }] }] };
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
    const links = await linkPage(this.prisma, filter);
    const reportedByLink = new Map<string, string[]>();
    for (const linkIds of chunks(links.filter((link) => link.reported > 0).map((link) => link.id), IDS_PER_QUERY)) {
      for (const event of await this.reported(linkIds)) {
        const reported = reportedByLink.get(event.linkId) ?? [];
        reported.push(event.detail ?? '');
        reportedByLink.set(event.linkId, reported);
      }
    }
    return links.map((row) => Object.assign(toRecord(row), { views: row.views, sessions: row.sessions, reportedEvents: reportedByLink.get(row.id) ?? [], partsFinished: row.notified }));
  }

  /** Each portal event the links' pages reported, once per link, in the order first reported. */
  private reported(linkIds: string[]) {
    return this.prisma.linkEvent.groupBy({
      by: ['linkId', 'detail'],
      where: { linkId: { in: linkIds }, type: 'portal_event' },
      _min: { createdAt: true },
      orderBy: { _min: { createdAt: 'asc' } },
    });
  }

  async eventLog(filter: Parameters<LinkRepository['eventLog']>[0]): Promise<LoggedEvent[]> {
    const { after } = filter;
    const rows = await this.prisma.linkEvent.findMany({
      where: {
        ...(filter.links ? { link: linkWhere(filter.links) } : {}),
        ...(filter.linkId !== undefined ? { linkId: filter.linkId } : {}),
        ...(filter.type !== undefined ? { type: filter.type } : {}),
        ...rangeWhere(filter),
        ...(after ? afterEvent(after) : {}),
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

  forBoard(query: { since: Date; issuerId?: string }): Promise<BoardLink[]> {
    return boardLinks(this.prisma, query);
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
