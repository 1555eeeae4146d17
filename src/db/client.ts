// Opens the bot's database from DATABASE_URL: SQLite (`file:` URLs) or PostgreSQL.
// Pending migrations are applied first (see migrate.ts), then a Prisma client is connected
// through the matching driver adapter.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Database } from '../core/ports.js';
import { PrismaClient as PostgresPrismaClient } from './generated/postgresql/client.js';
import { PrismaClient as SqlitePrismaClient } from './generated/sqlite/client.js';
import { PrismaLinkRepository } from './link-repository.js';
import { PrismaMappingRepository } from './mapping-repository.js';
import { PrismaOrgEventRepository } from './org-event-repository.js';
import { PrismaOutboxRepository } from './outbox-repository.js';
import { PrismaReminderRepository } from './reminder-repository.js';
import { PrismaAuditRepository } from './audit-repository.js';
import { startChain } from './audit-chain.js';
import { knownMigrationNames, migratePostgres, migrateSqlite, UnknownMigrationsError, type Provider } from './migrate.js';
import type { DbClient } from './prisma.js';
import { probeLinkWrite, startedMigrations } from './readiness.js';

export interface OpenDatabaseOptions {
  /** Apply pending migrations before connecting (default true). */
  migrate?: boolean;
  /** Overrides prisma/<provider>/migrations (tests). */
  migrationsDir?: string;
  /** Start the audit chain (default: when migrating); tests that play an earlier release, which had none, turn it off. */
  startChain?: boolean;
  /** Refuse (UnknownMigrationsError) a database that has migrations this code does not know. */
  refuseNewerSchema?: boolean;
  /** Told of each query as it starts (`model` is `raw` for SQL of our own); the answer ends it. */
  observeQuery?: (model: string, operation: string) => () => void;
}

/** `file:./data/bot.db`, `file:/abs/bot.db` or `file:///abs/bot.db`; relative to the working directory. */
export function sqlitePathFromUrl(databaseUrl: string): string {
  const withoutQuery = databaseUrl.split('?')[0] ?? databaseUrl;
  if (withoutQuery.startsWith('file://')) return fileURLToPath(withoutQuery);
  const path = withoutQuery.slice('file:'.length);
  if (path === '' || path === ':memory:') {
    throw new Error('DATABASE_URL must name a SQLite file (in-memory databases are not supported)');
  }
  return resolve(path);
}

/** PostgreSQL's connection pool, for the stores beside Prisma that speak SQL of their own (shared rate limits). */
export interface PostgresPool {
  pool: pg.Pool;
  /** The schema the bot's tables are in, when DATABASE_URL names one. */
  schema?: string;
}

export interface OpenedDatabase extends Database {
  /** Set on PostgreSQL only; closed with the database. */
  postgres?: PostgresPool;
}

export async function openDatabase(databaseUrl: string, options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  const { migrate = true, migrationsDir } = options;
  let prisma: DbClient;
  let postgres: PostgresPool | undefined;
  const provider: Provider = databaseUrl.startsWith('file:') ? 'sqlite' : 'postgresql';
  if (provider === 'sqlite') {
    const filename = sqlitePathFromUrl(databaseUrl);
    mkdirSync(dirname(filename), { recursive: true });
    // Migrating also puts the file in WAL mode, which persists in the file.
    if (migrate) migrateSqlite(filename, { migrationsDir });
    // Options besides `url` go to better-sqlite3; its `timeout` is SQLite's busy_timeout.
    const adapter = new PrismaBetterSqlite3({ url: filename, timeout: 5_000 });
    prisma = new SqlitePrismaClient({ adapter });
  } else if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // Prisma-style `?schema=name` selects the PostgreSQL schema; pg itself does not know it.
    const url = new URL(databaseUrl);
    const schema = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    const connectionString = url.toString();
    if (migrate) await migratePostgres(connectionString, { migrationsDir, schema });
    // One pool for Prisma and the rate limits: the limits add no connections of their own.
    const pool = new pg.Pool({ connectionString });
    postgres = { pool, schema };
    const adapter = new PrismaPg(pool, { ...(schema ? { schema } : {}), disposeExternalPool: true });
    // The one cast between the two generated clients: both are generated from the same models
    // (prisma/models.prisma) and have the same model API; the repositories are typed against
    // the SQLite client (see prisma.ts) and use nothing provider-specific.
    prisma = new PostgresPrismaClient({ adapter }) as unknown as DbClient;
  } else {
    throw new Error(
      'DATABASE_URL must be a SQLite file URL (file:./data/bot.db) or a PostgreSQL URL ' +
        '(postgresql://user@host:5432/db)',
    );
  }

  if (options.observeQuery) prisma = observed(prisma, options.observeQuery);
  // Read once: the migrations this code ships do not change while it runs.
  const known = knownMigrationNames(provider, migrationsDir);
  await prisma.$connect();
  // The audit chain is started once (see startChain), by whichever process starts first.
  if (options.startChain ?? migrate) await startChain(prisma);
  if (options.refuseNewerSchema) await refuseNewerSchema(prisma, known);
  return {
    mappings: new PrismaMappingRepository(prisma),
    links: new PrismaLinkRepository(prisma),
    orgEvents: new PrismaOrgEventRepository(prisma),
    outbox: new PrismaOutboxRepository(prisma),
    reminders: new PrismaReminderRepository(prisma),
    audit: new PrismaAuditRepository(prisma, provider),
    postgres,
    async ping() {
      await prisma.$queryRawUnsafe('SELECT 1');
    },
    checkLinkWrites: () => probeLinkWrite(prisma),
    async missingMigrations() {
      const applied = new Set((await startedMigrations(prisma)).filter((migration) => migration.finished).map((migration) => migration.name));
      return known.filter((name) => !applied.has(name));
    },
    async close() {
      await prisma.$disconnect();
    },
  };
}

/** The client with every query, in transactions too, timed through `observeQuery`. */
function observed(prisma: DbClient, observeQuery: NonNullable<OpenDatabaseOptions['observeQuery']>): DbClient {
  const extended = prisma.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const done = observeQuery(model ?? 'raw', operation);
        try {
          return await query(args);
        } finally {
          done();
        }
      },
    },
  });
  // A query extension changes no method's signature; Prisma's extended type is only spelled otherwise.
  return extended as unknown as DbClient;
}

/** Refuses (and disconnects) a database that migrations this code does not know have changed. */
async function refuseNewerSchema(prisma: DbClient, known: string[]): Promise<void> {
  try {
    const unknown = (await startedMigrations(prisma)).map((migration) => migration.name).filter((name) => !known.includes(name));
    if (unknown.length) throw new UnknownMigrationsError(unknown);
  } catch (error) {
    await prisma.$disconnect();
    throw error;
  }
}
