// The audit questions the bench times, each twice: through the code path the CLI and Slack use
// (src/cli/queries.ts over the repository) and as the same query in raw SQL on the same database.
// Both answer with the rows they found, so the bench can check they agree.
import { eventPages, linkPages, type LinkQuery } from '../../src/core/audit/pages.js';
import type { Database } from '../../src/core/ports.js';
import type { RawSql } from './raw.js';
import type { Value } from './trail.js';

const DAY = 86_400_000;

export interface Question {
  figure: string;
  aim: string;
  /** The aim in milliseconds, and how many times raw SQL's time the code path may take. */
  aimMs: number;
  aimRatio?: number;
  code(db: Database): Promise<number>;
  raw(sql: RawSql): Promise<number>;
}

/** Links with their view and session counts and reported portal events, as `recent` answers. */
function linksSql(kind: RawSql['kind'], where: string[], limit: boolean): string {
  const reported =
    kind === 'sqlite'
      ? `(SELECT group_concat("detail", ' ') FROM (SELECT "detail" FROM "LinkEvent" WHERE "linkId" = l."id" AND "type" = 'portal_event' GROUP BY "detail" ORDER BY min("createdAt")))`
      : `(SELECT string_agg("detail", ' ' ORDER BY "first") FROM (SELECT "detail", min("createdAt") AS "first" FROM "LinkEvent" WHERE "linkId" = l."id" AND "type" = 'portal_event' GROUP BY "detail") AS r)`;
  const count = (type: string) => `(SELECT count(*) FROM "LinkEvent" WHERE "linkId" = l."id" AND "type" = '${type}')`;
  return `SELECT l.*, ${count('viewed')} AS "views", ${count('session_minted')} AS "sessions", ${reported} AS "reported"
    FROM "Link" l ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY l."createdAt" DESC, l."id" DESC${limit ? ' LIMIT ?' : ''}`;
}

/** Every link the CLI's `links` would list for `query`, page by page; resolves to how many. */
export async function listLinks(db: Database, query: LinkQuery): Promise<number> {
  let count = 0;
  for await (const page of linkPages(db.links, query)) count += page.length;
  return count;
}

/** The same links read in raw SQL, in pages of `pageSize` by the same keyset; resolves to how many. */
export async function rawLinks(sql: RawSql, where: string[], params: Value[], limit = Infinity, pageSize = 1_000): Promise<number> {
  let count = 0;
  let before: { createdAt: unknown; id: unknown } | undefined;
  while (count < limit) {
    const keyset = before ? ['(l."createdAt", l."id") < (?, ?)'] : [];
    const size = Math.min(pageSize, limit - count);
    const rows = await sql.query(linksSql(sql.kind, [...where, ...keyset], true), [...params, ...(before ? [before.createdAt, before.id] : []), size] as Value[]);
    count += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < size) break;
    before = { createdAt: last.createdAt, id: last.id };
  }
  return count;
}

export function questions(org: { orgId: string }, issuerId: string, now: Date): Question[] {
  const monthStart = new Date(now.getTime() - 60 * DAY);
  const monthEnd = new Date(now.getTime() - 30 * DAY);
  const since90 = new Date(now.getTime() - 90 * DAY);
  return [
    {
      figure: '`links` for one customer, newest 10',
      aim: 'under 20 ms, within 1.5x raw SQL',
      aimMs: 20,
      aimRatio: 1.5,
      code: (db) => listLinks(db, { filter: { orgId: org.orgId }, limit: 10, now }),
      raw: (sql) => rawLinks(sql, ['l."orgId" = ?'], [org.orgId], 10),
    },
    {
      figure: 'one issuer over one month',
      aim: 'under 50 ms',
      aimMs: 50,
      code: (db) => listLinks(db, { filter: { issuerId, since: monthStart, until: monthEnd }, now }),
      raw: (sql) => rawLinks(sql, ['l."issuerId" = ?', 'l."createdAt" >= ?', 'l."createdAt" < ?'], [issuerId, monthStart, monthEnd]),
    },
    {
      figure: '`events --type revoked --since 90d`',
      aim: 'under 200 ms',
      aimMs: 200,
      code: async (db) => {
        let count = 0;
        for await (const page of eventPages(db.links, { type: 'revoked', since: since90 })) count += page.length;
        return count;
      },
      raw: async (sql) => {
        const rows = await sql.query('SELECT * FROM "LinkEvent" WHERE "type" = ? AND "createdAt" >= ? ORDER BY "createdAt", "id"', ['revoked', since90]);
        return rows.length;
      },
    },
  ];
}
