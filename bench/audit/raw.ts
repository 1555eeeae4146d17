// Raw SQL on the bench's database, straight through the driver (no Prisma): what a query costs
// the database itself, beside which the code path's figures are read.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { sqlitePathFromUrl } from '../../src/db/client.js';
import type { TestDatabase } from '../../test/helpers/database.js';
import type { Value } from './trail.js';

export interface RawSql {
  kind: TestDatabase['kind'];
  /** Runs `sql` written with `?` placeholders; dates are bound as the database keeps them. */
  query(sql: string, params?: Value[]): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/** Prisma's DateTime and Boolean as each database keeps them: SQLite text with an offset and 0/1, PostgreSQL timestamp(3) in UTC and boolean. */
export function stored(kind: TestDatabase['kind'], value: Value): Value {
  // SQLite keeps a Boolean as 0 or 1.
  if (typeof value === 'boolean') return kind === 'sqlite' ? Number(value) : value;
  if (!(value instanceof Date)) return value;
  return kind === 'sqlite' ? value.toISOString().replace('Z', '+00:00') : value.toISOString().slice(0, -1);
}

export async function openRaw(database: TestDatabase): Promise<RawSql> {
  if (database.kind === 'sqlite') {
    const sqlite = new BetterSqlite3(sqlitePathFromUrl(database.url), { readonly: true });
    return {
      kind: 'sqlite',
      async query(sql, params = []) {
        return sqlite.prepare(sql).all(params.map((value) => stored('sqlite', value))) as Array<Record<string, unknown>>;
      },
      async close() {
        sqlite.close();
      },
    };
  }
  // Timestamps come back as the text the database holds, to be bound again as they are (a page's keyset).
  const asText = (value: string) => value;
  const types = { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === pg.types.builtins.TIMESTAMP ? asText : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser };
  const client = new pg.Client({ connectionString: database.url, types });
  await client.connect();
  return {
    kind: 'postgresql',
    async query(sql, params = []) {
      let n = 0;
      const numbered = sql.replace(/\?/g, () => `$${++n}`);
      return (await client.query(numbered, params.map((value) => stored('postgresql', value)))).rows as Array<Record<string, unknown>>;
    },
    close: () => client.end(),
  };
}
