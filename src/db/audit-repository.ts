// The audit chain read back for `verify`, and trimmed by retention.
import { contentHash, type AuditKind, type ChainHead, type Recorded } from '../core/audit/chain.js';
import type { AuditSubject, StoredEntry } from '../core/audit/verify.js';
import type { AuditReader, AuditRepository } from '../core/ports.js';
import { prunedDigest, writeRetentionRecord } from '../core/audit/retention-record.js';
import { append, chainHead, lockHead, sealPending } from './audit-chain.js';
import type { DbClient, DbTransaction } from './prisma.js';
import type { Provider } from './migrate.js';

/** Raw rows name their columns after the table they come from; dates and counts come back as each driver has them. */
type RawRow = Record<string, unknown>;

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const int = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const date = (value: unknown): Date => (value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number)));
const dateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));

/** The content of the entry's row as it is now, rebuilt from the joined columns. */
function currentRow(kind: AuditKind, raw: RawRow): Recorded | null {
  if (kind === 'link' && raw.l_id != null) {
    return {
      kind,
      row: {
        id: String(raw.l_id), kind: String(raw.l_kind), outcome: String(raw.l_outcome), failureReason: text(raw.l_failureReason), teamId: String(raw.l_teamId),
        channelId: text(raw.l_channelId), issuerId: String(raw.l_issuerId), issuerName: String(raw.l_issuerName), orgQuery: String(raw.l_orgQuery), orgId: text(raw.l_orgId),
        orgName: text(raw.l_orgName), tokenHash: text(raw.l_tokenHash), scalekitLinkId: text(raw.l_scalekitLinkId), idp: text(raw.l_idp), note: text(raw.l_note),
        scope: String(raw.l_scope), issuedExpiresAt: dateOrNull(raw.l_issuedExpiresAt), createdAt: date(raw.l_createdAt),
      },
    };
  }
  if (kind === 'event' && raw.v_id != null) {
    return { kind, row: { id: Number(raw.v_id), linkId: String(raw.v_linkId), type: String(raw.v_type), detail: text(raw.v_detail), actor: text(raw.v_actor), createdAt: date(raw.v_createdAt) } };
  }
  if (kind === 'mapping' && raw.m_id != null) {
    return {
      kind,
      row: {
        id: Number(raw.m_id), alias: String(raw.m_alias), action: String(raw.m_action), orgId: text(raw.m_orgId), externalId: text(raw.m_externalId),
        displayName: text(raw.m_displayName), teamId: text(raw.m_teamId), channelId: text(raw.m_channelId), actor: String(raw.m_actor), createdAt: date(raw.m_createdAt),
      },
    };
  }
  if (kind === 'retention' && raw.record != null) return { kind, record: String(raw.record) };
  return null;
}

/** Thrown to roll back a retention step that found nothing to remove (it had reserved a place in the chain). */
const NOTHING_TO_PRUNE = new Error('nothing to prune');

/** Reads the chain back, on the client or inside a transaction (a snapshot). */
class PrismaAuditReader implements AuditReader {
  constructor(protected readonly prisma: DbClient | DbTransaction) {}

  head(): Promise<ChainHead | null> {
    return chainHead(this.prisma);
  }

  async entries(afterSeq: number, limit: number): Promise<StoredEntry[]> {
    const entries = await this.prisma.$queryRaw<RawRow[]>`
      SELECT "seq", "kind", "linkId", "eventId", "mappingChangeId", "alias", "record", "contentHash", "hash", "prunedBy"
      FROM "AuditEntry" WHERE "seq" > ${afterSeq} ORDER BY "seq" LIMIT ${limit}`;
    if (entries.length === 0) return [];
    const last = Number(entries.at(-1)?.seq);
    // The rows of the page's entries, a query per kind, each joined by key over the same range:
    // narrower rows than one join of all three, which Prisma reads column by column.
    const [links, events, changes] = await Promise.all([
      this.prisma.$queryRaw<RawRow[]>`
        SELECT l."id" AS l_id, l."kind" AS l_kind, l."outcome" AS l_outcome, l."failureReason" AS "l_failureReason", l."teamId" AS "l_teamId", l."channelId" AS "l_channelId",
          l."issuerId" AS "l_issuerId", l."issuerName" AS "l_issuerName", l."orgQuery" AS "l_orgQuery", l."orgId" AS "l_orgId", l."orgName" AS "l_orgName",
          l."tokenHash" AS "l_tokenHash", l."scalekitLinkId" AS "l_scalekitLinkId", l."idp" AS l_idp, l."note" AS l_note, l."scope" AS l_scope,
          l."issuedExpiresAt" AS "l_issuedExpiresAt", l."createdAt" AS "l_createdAt"
        FROM "AuditEntry" e JOIN "Link" l ON l."id" = e."linkId"
        WHERE e."seq" > ${afterSeq} AND e."seq" <= ${last} AND e."kind" = 'link'`,
      this.prisma.$queryRaw<RawRow[]>`
        SELECT v."id" AS v_id, v."linkId" AS "v_linkId", v."type" AS v_type, v."detail" AS v_detail, v."actor" AS v_actor, v."createdAt" AS "v_createdAt"
        FROM "AuditEntry" e JOIN "LinkEvent" v ON v."id" = e."eventId"
        WHERE e."seq" > ${afterSeq} AND e."seq" <= ${last}`,
      this.prisma.$queryRaw<RawRow[]>`
        SELECT m."id" AS m_id, m."alias" AS m_alias, m."action" AS m_action, m."orgId" AS "m_orgId", m."externalId" AS "m_externalId", m."displayName" AS "m_displayName",
          m."teamId" AS "m_teamId", m."channelId" AS "m_channelId", m."actor" AS m_actor, m."createdAt" AS "m_createdAt"
        FROM "AuditEntry" e JOIN "MappingChange" m ON m."id" = e."mappingChangeId"
        WHERE e."seq" > ${afterSeq} AND e."seq" <= ${last}`,
    ]);
    const rows = new Map<string, RawRow>([
      ...links.map((row) => [`link:${String(row.l_id)}`, row] as const),
      ...events.map((row) => [`event:${String(row.v_id)}`, row] as const),
      ...changes.map((row) => [`mapping:${String(row.m_id)}`, row] as const),
    ]);
    return entries.map((raw) => {
      const kind = String(raw.kind) as AuditKind;
      const key = kind === 'link' ? `link:${String(raw.linkId)}` : kind === 'event' ? `event:${String(raw.eventId)}` : `mapping:${String(raw.mappingChangeId)}`;
      const current = currentRow(kind, { ...rows.get(key), record: raw.record });
      return {
        seq: Number(raw.seq),
        kind,
        linkId: text(raw.linkId),
        eventId: int(raw.eventId),
        mappingChangeId: int(raw.mappingChangeId),
        alias: text(raw.alias),
        record: text(raw.record),
        contentHash: String(raw.contentHash),
        hash: String(raw.hash),
        prunedBy: int(raw.prunedBy),
        current: current && contentHash(current),
      };
    });
  }

  async pending(): Promise<number> {
    const counts = await Promise.all([
      this.prisma.link.count({ where: { sealed: false } }),
      this.prisma.linkEvent.count({ where: { sealed: false } }),
      this.prisma.mappingChange.count({ where: { sealed: false } }),
    ]);
    return counts.reduce((sum, count) => sum + count, 0);
  }

  async unchained(): Promise<AuditSubject | null> {
    // Marked sealed, yet no entry names it: written behind the sealer's back.
    const none = { eventId: null, alias: null, seq: null };
    const [link] = await this.prisma.$queryRaw<RawRow[]>`
      SELECT l."id" FROM "Link" l WHERE l."sealed" = ${true} AND NOT EXISTS (SELECT 1 FROM "AuditEntry" e WHERE e."linkId" = l."id" AND e."kind" = 'link') LIMIT 1`;
    if (link) return { ...none, kind: 'link', linkId: String(link.id) };
    const [event] = await this.prisma.$queryRaw<RawRow[]>`
      SELECT v."id", v."linkId" FROM "LinkEvent" v WHERE v."sealed" = ${true} AND NOT EXISTS (SELECT 1 FROM "AuditEntry" e WHERE e."eventId" = v."id") LIMIT 1`;
    if (event) return { ...none, kind: 'event', linkId: String(event.linkId), eventId: Number(event.id) };
    const [change] = await this.prisma.$queryRaw<RawRow[]>`
      SELECT m."alias" FROM "MappingChange" m WHERE m."sealed" = ${true} AND NOT EXISTS (SELECT 1 FROM "AuditEntry" e WHERE e."mappingChangeId" = m."id") LIMIT 1`;
    if (change) return { ...none, kind: 'mapping', linkId: null, alias: String(change.alias) };
    return null;
  }
}

export class PrismaAuditRepository extends PrismaAuditReader implements AuditRepository {
  constructor(
    private readonly client: DbClient,
    private readonly provider: Provider,
  ) {
    super(client);
  }

  snapshot<T>(read: (reader: AuditReader) => Promise<T>): Promise<T> {
    // One transaction: every page of a walk sees the trail as it was when the walk began, so rows
    // sealed or removed by retention meanwhile are neither missing nor extra. A walk over millions
    // of rows takes a while, hence the long timeout.
    return this.client.$transaction(
      async (tx) => {
        if (this.provider === 'postgresql') await tx.$executeRawUnsafe('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        return read(new PrismaAuditReader(tx));
      },
      { timeout: 24 * 60 * 60_000, maxWait: 60_000 },
    );
  }

  seal(): Promise<number> {
    return sealPending(this.client);
  }

  async prune(input: { lastActivityBefore: Date; limit: number }): Promise<{ links: number; events: number }> {
    const cutoff = input.lastActivityBefore;
    try {
      return await this.client.$transaction(async (tx) => {
        // The head first: a replica pruning at the same moment waits here, then finds these rows gone.
        const before = await lockHead(tx);
        const links = await tx.link.findMany({
          where: { createdAt: { lt: cutoff }, OR: [{ expiresAt: null }, { expiresAt: { lt: cutoff } }], events: { none: { createdAt: { gte: cutoff } } } },
          select: { id: true },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take: input.limit,
        });
        if (links.length === 0) throw NOTHING_TO_PRUNE;
        const ids = links.map((link) => link.id);
        const covered = { linkId: { in: ids }, kind: { in: ['link', 'event'] }, prunedBy: null };
        const entries = await tx.auditEntry.findMany({ where: covered, orderBy: { seq: 'asc' }, select: { seq: true, contentHash: true } });
        await tx.auditEntry.updateMany({ where: covered, data: { prunedBy: before.seq + 1 } });
        const { count: events } = await tx.linkEvent.deleteMany({ where: { linkId: { in: ids } } });
        await tx.link.deleteMany({ where: { id: { in: ids } } });
        const digest = entries.reduce(prunedDigest.add, prunedDigest.start);
        const record = writeRetentionRecord({ lastActivityBefore: cutoff.toISOString(), links: ids.length, events, entries: entries.length, digest });
        await append(tx, before, [{ kind: 'retention', record }]);
        return { links: ids.length, events };
      });
    } catch (error) {
      if (error === NOTHING_TO_PRUNE) return { links: 0, events: 0 };
      throw error;
    }
  }
}
