// Fresh, throw-away databases for integration tests.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  kind: 'sqlite' | 'postgresql';
  /** A DATABASE_URL for openDatabase(). */
  url: string;
  /** Removes the database (call after closing every client). */
  drop(): Promise<void>;
}

/** The maintenance database of the test PostgreSQL server (trust auth, no password). */
const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A SQLite file in a new temporary directory (the file itself does not exist yet). */
export async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'sso-test-db-'));
  return {
    kind: 'sqlite',
    url: `file:${join(dir, 'nested', 'bot.db')}`,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new, empty, uniquely named PostgreSQL database. */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `sso_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind: 'postgresql',
    url: url.toString(),
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs one SQL statement directly against a test database (for inspection and tampering). */
export async function rawQuery<Row = Record<string, unknown>>(
  db: TestDatabase,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  if (db.kind === 'postgresql') {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Row[];
    } finally {
      await client.end();
    }
  }
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const sqlite = new BetterSqlite3(db.url.slice('file:'.length));
  try {
    const statement = sqlite.prepare(sql);
    if (statement.reader) return statement.all(...params) as Row[];
    statement.run(...params);
    return [];
  } finally {
    sqlite.close();
  }
}

export const databaseKinds = [
  { kind: 'sqlite', create: createSqliteDatabase },
  { kind: 'postgresql', create: createPostgresDatabase },
] as const;

/** A database that fails every new row of `table`, the way a full disk or lost connection would. */
export async function refuseInserts(database: TestDatabase, refuse: boolean, table: 'Link' | 'LinkEvent' = 'Link'): Promise<void> {
  const name = `refuse_${table.toLowerCase()}`;
  if (database.kind === 'sqlite') {
    await rawQuery(
      database,
      refuse ? `CREATE TRIGGER ${name} BEFORE INSERT ON "${table}" BEGIN SELECT RAISE(ABORT, 'disk is full'); END` : `DROP TRIGGER ${name}`,
    );
    return;
  }
  if (refuse) {
    await rawQuery(database, `CREATE FUNCTION ${name}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk is full'; END $$ LANGUAGE plpgsql`);
    await rawQuery(database, `CREATE TRIGGER ${name} BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  } else {
    await rawQuery(database, `DROP TRIGGER ${name} ON "${table}"`);
    await rawQuery(database, `DROP FUNCTION ${name}()`);
  }
}
