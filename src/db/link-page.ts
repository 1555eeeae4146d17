// One page of links, newest first, with their view, session and reported-event counts, in one
// SQL statement that reads the same on SQLite and PostgreSQL. Raw SQL because this is the audit
// export's loop (a million links are a thousand pages): Prisma's findMany plus grouped counts
// took about four times as long per row, and its relation counts cannot filter twice.
import type { LinkFilter, TimeRange } from '../core/ports.js';
import { Prisma, type Link as LinkRow } from './generated/sqlite/client.js';
import type { DbClient } from './prisma.js';

export type LinkPageRow = LinkRow & { views: number; sessions: number; reported: number; notified: number };

export type LinkPageQuery = LinkFilter & TimeRange & { before?: { createdAt: Date; id: string }; limit: number };

function conditions(query: LinkPageQuery): Prisma.Sql[] {
  const { orgId, issuerId, outcome, kind, scopes, since, until, before } = query;
  return [
    orgId === undefined ? null : Prisma.sql`l."orgId" = ${orgId}`,
    issuerId === undefined ? null : Prisma.sql`l."issuerId" = ${issuerId}`,
    outcome === undefined ? null : Prisma.sql`l."outcome" = ${outcome}`,
    kind === undefined ? null : Prisma.sql`l."kind" = ${kind}`,
    scopes === undefined ? null : scopes.length ? Prisma.sql`l."scope" IN (${Prisma.join(scopes)})` : Prisma.sql`1 = 0`,
    since === undefined ? null : Prisma.sql`l."createdAt" >= ${since}`,
    until === undefined ? null : Prisma.sql`l."createdAt" < ${until}`,
    // A row value compares as the sort does and lets the index start at the cursor.
    before === undefined ? null : Prisma.sql`(l."createdAt", l."id") < (${before.createdAt}, ${before.id})`,
  ].filter((condition) => condition !== null);
}

const count = (type: string) => Prisma.sql`(SELECT count(*) FROM "LinkEvent" e WHERE e."linkId" = l."id" AND e."type" = ${type})`;

export async function linkPage(prisma: DbClient, query: LinkPageQuery): Promise<LinkPageRow[]> {
  const where = conditions(query);
  const rows = await prisma.$queryRaw<Array<LinkRow & Record<'views' | 'sessions' | 'reported' | 'notified', number | bigint>>>`
    SELECT l.*, ${count('viewed')} AS "views", ${count('session_minted')} AS "sessions", ${count('portal_event')} AS "reported", ${count('issuer_notified')} AS "notified"
    FROM "Link" l
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
    ORDER BY l."createdAt" DESC, l."id" DESC
    LIMIT ${query.limit}`;
  // Counts come back as bigint on PostgreSQL.
  for (const row of rows) Object.assign(row, { views: Number(row.views), sessions: Number(row.sessions), reported: Number(row.reported), notified: Number(row.notified) });
  return rows as LinkPageRow[];
}
