// What the onboarding board needs of the links in its window, in three statements whatever the
// number of links: the links it can tell from, with their view and session times; the reminders
// sent; and the parts finished through them.
import type { BoardLink, BoardLinkRecord } from '../core/board/board.js';
import type { LinkKind } from '../core/links/link.js';
import type { LinkScope } from '../core/links/scope.js';
import type { SetupPart } from '../core/links/events.js';
import type { ReminderReason } from '../core/outbox/message.js';
import { Prisma, type Link as LinkRow } from './generated/sqlite/client.js';
import type { DbClient } from './prisma.js';

type Row = Pick<LinkRow, 'id' | 'kind' | 'outcome' | 'issuerId' | 'orgQuery' | 'orgId' | 'orgName' | 'scope' | 'createdAt' | 'expiresAt' | 'revokedAt' | 'replacedBy'> & {
  // Computed columns: SQLite hands back text and PostgreSQL a Date; a count is a bigint on PostgreSQL.
  firstViewAt: Date | string | null;
  firstSessionAt: Date | string | null;
  lastSessionAt: Date | string | null;
  sessions: number | bigint;
};

const moment = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

/** A row as the board reads it: an issued link always names its organization and expiry. */
function placed(row: Row): BoardLinkRecord {
  const common = { id: row.id, kind: row.kind as LinkKind, issuerId: row.issuerId, orgQuery: row.orgQuery, scope: row.scope as LinkScope, createdAt: row.createdAt };
  if (row.outcome !== 'issued') return { ...common, outcome: 'failed', orgId: row.orgId, orgName: row.orgName };
  if (row.orgId === null || row.expiresAt === null) throw new Error(`link ${row.id} is issued but has no organization or expiry`);
  return { ...common, outcome: 'issued', orgId: row.orgId, orgName: row.orgName ?? row.orgId, expiresAt: row.expiresAt, revokedAt: row.revokedAt, replacedBy: row.replacedBy };
}

const usage = (aggregate: 'min' | 'max' | 'count', type: string) =>
  Prisma.sql`(SELECT ${Prisma.raw(aggregate)}(e."createdAt") FROM "LinkEvent" e WHERE e."linkId" = l."id" AND e."type" = ${type})`;

/**
 * The links the board can tell from (see LinkRepository.forBoard): each organization's newest
 * attempt and newest issued link, every attempt not resolved to one, and the sender's newest
 * resolved link with the same words as such an attempt. Window functions pick them in SQL, so that the rows read stay
 * about one per customer however many links each was sent.
 */
export async function boardLinks(prisma: DbClient, query: { since: Date; issuerId?: string }): Promise<BoardLink[]> {
  const where: Prisma.LinkWhereInput = { createdAt: { gte: query.since }, ...(query.issuerId === undefined ? {} : { issuerId: query.issuerId }) };
  const newest = Prisma.sql`ORDER BY l."createdAt" DESC, l."id" DESC`;
  const picked = prisma.$queryRaw<Row[]>`
    WITH w AS (
      SELECT l."id", l."kind", l."outcome", l."issuerId", l."orgQuery", l."orgId", l."orgName", l."scope", l."createdAt", l."expiresAt", l."revokedAt", l."replacedBy",
        ROW_NUMBER() OVER (PARTITION BY l."orgId" ${newest}) AS "newestOfOrg",
        ROW_NUMBER() OVER (PARTITION BY l."orgId", l."outcome" ${newest}) AS "newestOfOrgAndOutcome",
        ROW_NUMBER() OVER (PARTITION BY l."orgId" IS NULL, l."issuerId", lower(trim(l."orgQuery")) ${newest}) AS "newestOfWords"
      FROM "Link" l
      WHERE l."createdAt" >= ${query.since} ${query.issuerId === undefined ? Prisma.empty : Prisma.sql`AND l."issuerId" = ${query.issuerId}`}
    ),
    unresolved AS (SELECT DISTINCT "issuerId", lower(trim("orgQuery")) AS "words" FROM w WHERE "orgId" IS NULL)
    SELECT l."id", l."kind", l."outcome", l."issuerId", l."orgQuery", l."orgId", l."orgName", l."scope", l."createdAt", l."expiresAt", l."revokedAt", l."replacedBy",
      ${usage('min', 'viewed')} AS "firstViewAt", ${usage('min', 'session_minted')} AS "firstSessionAt",
      ${usage('max', 'session_minted')} AS "lastSessionAt", ${usage('count', 'session_minted')} AS "sessions"
    FROM w l
    WHERE l."orgId" IS NULL OR l."newestOfOrg" = 1 OR (l."outcome" = 'issued' AND l."newestOfOrgAndOutcome" = 1)
      OR (l."newestOfWords" = 1 AND (l."issuerId", lower(trim(l."orgQuery"))) IN (SELECT "issuerId", "words" FROM unresolved))
    ${newest}`;
  // Reminders sent (a reminder settled unsent has no event), oldest first: two sent at one moment
  // (one sweep) are in the order they were written. The newest through any link to an organization counts for it.
  const sent = prisma.linkEvent.findMany({
    where: { link: where, type: 'reminded' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { linkId: true, detail: true, createdAt: true, link: { select: { orgId: true } } },
  });
  const noticed = prisma.setupNotice.findMany({ where: { link: where }, select: { linkId: true, part: true, createdAt: true } });
  // At once: PostgreSQL answers them on connections of their own.
  const [rows, reminders, notices] = await Promise.all([picked, sent, noticed]);

  const lastReminder = new Map<string, { reason: ReminderReason; at: Date }>();
  for (const { linkId, detail, createdAt, link } of reminders) lastReminder.set(link.orgId ?? linkId, { reason: detail as ReminderReason, at: createdAt });
  const finished = new Map<string, Array<{ part: SetupPart; at: Date }>>();
  for (const { linkId, part, createdAt } of notices) finished.set(linkId, [...(finished.get(linkId) ?? []), { part: part as SetupPart, at: createdAt }]);
  return rows.map((row) => ({
    link: placed(row),
    firstViewAt: moment(row.firstViewAt),
    firstSessionAt: moment(row.firstSessionAt),
    lastSessionAt: moment(row.lastSessionAt),
    sessions: Number(row.sessions),
    lastReminder: lastReminder.get(row.orgId ?? row.id) ?? null,
    finished: finished.get(row.id) ?? [],
  }));
}
