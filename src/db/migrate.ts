// Applies the committed Prisma migrations (prisma/<provider>/migrations) at startup, without the
// Prisma CLI: production must not need Prisma's native schema-engine binary, which cannot be
// downloaded on air-gapped machines.
//
// Bookkeeping stays in Prisma's own `_prisma_migrations` table, with Prisma's columns and
// conventions (checksum = sha256 hex of migration.sql, applied_steps_count = 1 on success), so
// `prisma migrate status` / `prisma migrate deploy` keep working against the same database.
// Differences from Prisma: each migration runs inside one transaction together with its
// bookkeeping row, so a failed migration leaves no trace instead of a "failed" row.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

export type Provider = 'sqlite' | 'postgresql';

export interface Migration {
  /** Folder name, e.g. `20261125000000_init`. */
  name: string;
  sql: string;
  checksum: string;
}

/** An applied migration's migration.sql no longer matches what was applied. */
class MigrationChecksumError extends Error {
  constructor(readonly migrationName: string) {
    super(
      `Migration ${migrationName} was modified after it was applied to the database ` +
        '(checksum mismatch). Restore the original migration.sql and add a new migration instead.',
    );
    this.name = 'MigrationChecksumError';
  }
}

/** A migration that Prisma's CLI started but did not finish (and nobody resolved). */
class FailedMigrationError extends Error {
  constructor(readonly migrationName: string) {
    super(
      `Migration ${migrationName} failed earlier and was not resolved; ` +
        'fix the database and run `prisma migrate resolve`.',
    );
    this.name = 'FailedMigrationError';
  }
}

/** The database was migrated by a newer release: this code would misread its tables. */
export class UnknownMigrationsError extends Error {
  constructor(readonly names: string[]) {
    super(`the database has migrations this version does not know (${names.join(', ')}); it was migrated by a newer release`);
    this.name = 'UnknownMigrationsError';
  }
}

export interface MigrateOptions {
  /** Defaults to prisma/<provider>/migrations of this project. */
  migrationsDir?: string;
}

export function defaultMigrationsDir(provider: Provider): string {
  return fileURLToPath(new URL(`../../prisma/${provider}/migrations`, import.meta.url));
}

export function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/** Migration folders in name order (Prisma's order), each holding a migration.sql. */
function loadMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`Migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: checksum(sql) };
    });
}

/** The names of the migrations this code ships. */
export function knownMigrationNames(provider: Provider, migrationsDir?: string): string[] {
  return loadMigrations(migrationsDir ?? defaultMigrationsDir(provider)).map((migration) => migration.name);
}

/** Prisma accepts a script whose line endings changed (git autocrlf); so do we. */
function matchesChecksum(migration: Migration, stored: string): boolean {
  if (migration.checksum === stored) return true;
  const lf = migration.sql.replace(/\r\n/g, '\n');
  return checksum(lf) === stored || checksum(lf.replace(/\n/g, '\r\n')) === stored;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/**
 * Looks at the bookkeeping rows of one migration. Returns true if it is already applied (after
 * verifying its checksum), false if it still has to run.
 */
function isApplied(migration: Migration, rows: AppliedRow[]): boolean {
  const live = rows.filter((row) => row.migration_name === migration.name && row.rolled_back_at == null);
  if (live.some((row) => row.finished_at == null)) throw new FailedMigrationError(migration.name);
  const done = live.find((row) => row.finished_at != null);
  if (!done) return false;
  if (!matchesChecksum(migration, done.checksum)) throw new MigrationChecksumError(migration.name);
  return true;
}

// Prisma's table definitions, verbatim in substance.
const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Applies pending migrations to a SQLite file; returns the names applied now.
 * Also switches the file to WAL mode (a persistent setting of the file).
 */
export function migrateSqlite(filename: string, options: MigrateOptions = {}): string[] {
  const migrations = loadMigrations(options.migrationsDir ?? defaultMigrationsDir('sqlite'));
  const db = new BetterSqlite3(filename, { timeout: 10_000 });
  const applied: string[] = [];
  try {
    db.pragma('journal_mode = WAL');
    // Foreign keys off while migrating, as SQLite recommends for schema changes: Prisma's
    // table-redefinition migrations DROP a table, which would otherwise cascade-delete rows.
    // The setting cannot change inside a transaction, hence here; checked again before commit.
    db.pragma('foreign_keys = OFF');
    db.exec(SQLITE_TABLE);
    const selectRows = db.prepare(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE migration_name = ?',
    );
    // Prisma's engine stores DateTime values in this table as Unix milliseconds.
    const insert = db.prepare(
      'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) ' +
        'VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
    );
    for (const migration of migrations) {
      // BEGIN IMMEDIATE takes the write lock first, so two processes cannot both apply it.
      db.exec('BEGIN IMMEDIATE');
      try {
        if (!isApplied(migration, selectRows.all(migration.name) as AppliedRow[])) {
          const startedAt = Date.now();
          db.exec(migration.sql);
          const violations = db.pragma('foreign_key_check') as unknown[];
          if (violations.length > 0) {
            throw new Error(`Migration ${migration.name} leaves ${violations.length} foreign key violation(s)`);
          }
          insert.run(randomUUID(), migration.checksum, Date.now(), migration.name, startedAt);
          applied.push(migration.name);
        }
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    }
  } finally {
    db.close();
  }
  return applied;
}

/** Prisma's schema engine uses this advisory lock key too, so we also exclude `prisma migrate`. */
const PRISMA_ADVISORY_LOCK = 72707369;

/** Applies pending migrations to a PostgreSQL database; returns the names applied now. */
export async function migratePostgres(
  connectionString: string,
  options: MigrateOptions & { schema?: string } = {},
): Promise<string[]> {
  const migrations = loadMigrations(options.migrationsDir ?? defaultMigrationsDir('postgresql'));
  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied: string[] = [];
  try {
    if (options.schema) {
      const schema = `"${options.schema.replace(/"/g, '""')}"`;
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
    }
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    try {
      await client.query(POSTGRES_TABLE);
      const { rows } = await client.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
      );
      for (const migration of migrations) {
        if (isApplied(migration, rows)) continue;
        await client.query('BEGIN');
        try {
          const startedAt = new Date();
          // No parameters: the simple query protocol runs a multi-statement script.
          await client.query(migration.sql);
          await client.query(
            'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) ' +
              'VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)',
            [randomUUID(), migration.checksum, migration.name, startedAt],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        applied.push(migration.name);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
  return applied;
}
