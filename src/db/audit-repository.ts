// The audit chain read back for `verify`, and trimmed by retention.
import { contentHash, type AuditKind, type ChainHead, type Recorded, type RecordedEvent, type RecordedLink, type RecordedMappingChange } from '../core/audit/chain.js';
import { Prisma } from './generated/sqlite/client.js';
import type { AuditSubject, StoredEntry } from '../core/audit/verify.js';
import type { AuditReader, AuditRepository } from '../core/ports.js';
import { prunedDigest, writeRetentionRecord } from '../core/audit/retention-record.js';
import { append, chainHead, lockHead, sealPending } from './audit-chain.js';
import type { DbClient, DbTransaction } from './prisma.js';
import type { Provider } from './migrate.js';

type RawRow = Record<string, unknown>;

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const int = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

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
    // The rows of the page's entries, a query per kind joined by key over the same range, each
    // selecting just the columns the chain covers (Prisma reads raw rows column by column).
    const range = Prisma.sql`e."seq" > ${afterSeq} AND e."seq" <= ${Number(entries.at(-1)?.seq)}`;
    const [links, events, changes] = await Promise.all([
      this.prisma.$queryRaw<RecordedLink[]>`
        SELECT l."id", l."kind", l."outcome", l."failureReason", l."teamId", l."channelId", l."issuerId", l."issuerName", l."orgQuery", l."orgId", l."orgName",
          l."tokenHash", l."scalekitLinkId", l."idp", l."note", l."scope", l."issuedExpiresAt", l."createdAt"
        FROM "AuditEntry" e JOIN "Link" l ON l."id" = e."linkId" WHERE ${range} AND e."kind" = 'link'`,
      this.prisma.$queryRaw<RecordedEvent[]>`
        SELECT v."id", v."linkId", v."type", v."detail", v."actor", v."createdAt"
        FROM "AuditEntry" e JOIN "LinkEvent" v ON v."id" = e."eventId" WHERE ${range}`,
      this.prisma.$queryRaw<RecordedMappingChange[]>`
        SELECT m."id", m."alias", m."action", m."orgId", m."externalId", m."displayName", m."teamId", m."channelId", m."actor", m."createdAt"
        FROM "AuditEntry" e JOIN "MappingChange" m ON m."id" = e."mappingChangeId" WHERE ${range}`,
    ]);
    const current = new Map<string, Recorded>([
      ...links.map((row) => [`link:${row.id}`, { kind: 'link', row }] as const),
      // Ids as numbers, whichever type the driver reads an integer column as.
      ...events.map((row) => [`event:${row.id}`, { kind: 'event', row: { ...row, id: Number(row.id) } }] as const),
      ...changes.map((row) => [`mapping:${row.id}`, { kind: 'mapping', row: { ...row, id: Number(row.id) } }] as const),
    ]);
    return entries.map((raw) => {
      const kind = String(raw.kind) as AuditKind;
      const record = text(raw.record);
      // A retention entry's content is its own record; any other's is its row, if still there.
      const rowKey = { link: raw.linkId, event: raw.eventId, mapping: raw.mappingChangeId, retention: null }[kind];
      const now = kind === 'retention' ? (record === null ? undefined : { kind, record }) : current.get(`${kind}:${String(rowKey)}`);
      return {
        seq: Number(raw.seq),
        kind,
        linkId: text(raw.linkId),
        eventId: int(raw.eventId),
        mappingChangeId: int(raw.mappingChangeId),
        alias: text(raw.alias),
        record,
        contentHash: String(raw.contentHash),
        hash: String(raw.hash),
        prunedBy: int(raw.prunedBy),
        current: now ? contentHash(now) : null,
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
