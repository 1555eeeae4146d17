// Writes the audit bench's trail (trail.ts) into a migrated database, fast: on SQLite one
// prepared statement per table run in large transactions, on PostgreSQL one multi-row insert per
// table and batch, its columns bound as arrays and unnested.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { sqlitePathFromUrl } from '../../src/db/client.js';
import type { TestDatabase } from '../../test/helpers/database.js';
import { stored } from './raw.js';
import { trail, type Batch, type SeedTable, type TrailSize, type Value } from './trail.js';

/** Links per batch: one transaction (SQLite) or one insert per table (PostgreSQL). */
const BATCH = 20_000;

const quoted = (name: string) => `"${name}"`;

function seedSqlite(database: TestDatabase, batches: Iterable<Batch>): void {
  const sqlite = new BetterSqlite3(sqlitePathFromUrl(database.url));
  try {
    // A throw-away file: nothing is lost if the machine stops mid-seed.
    sqlite.pragma('synchronous = OFF');
    // The chain's head row the bot wrote on opening the empty database; the trail brings its own.
    sqlite.exec('DELETE FROM "AuditHead"');
    const statements = new Map<SeedTable, BetterSqlite3.Statement>();
    const insert = (table: SeedTable) => {
      let statement = statements.get(table);
      if (!statement) {
        const columns = table.columns.map(([name]) => quoted(name));
        statement = sqlite.prepare(`INSERT INTO ${quoted(table.name)} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        statements.set(table, statement);
      }
      return statement;
    };
    const write = sqlite.transaction((batch: Batch) => {
      for (const { table, rows } of batch) {
        const statement = insert(table);
        for (const row of rows) statement.run(row.map((value) => stored('sqlite', value)));
      }
    });
    for (const batch of batches) write(batch);
    sqlite.exec('ANALYZE');
  } finally {
    sqlite.close();
  }
}

const POSTGRES_TYPES = { text: 'text', timestamp: 'timestamp(3)', integer: 'integer', boolean: 'boolean' } as const;

async function seedPostgres(database: TestDatabase, batches: Iterable<Batch>): Promise<void> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    await client.query('DELETE FROM "AuditHead"');
    for (const batch of batches) {
      for (const { table, rows } of batch) {
        if (!rows.length) continue;
        const columns = table.columns.map(([name]) => quoted(name)).join(', ');
        const arrays = table.columns.map(([, type], i) => `$${i + 1}::${POSTGRES_TYPES[type]}[]`).join(', ');
        const values = table.columns.map((_, i) => rows.map((row) => stored('postgresql', row[i] as Value)));
        await client.query(`INSERT INTO ${quoted(table.name)} (${columns}) SELECT * FROM unnest(${arrays})`, values);
      }
    }
    // The events were written with their ids: the next one the bot writes follows them.
    await client.query(`SELECT setval(pg_get_serial_sequence('"LinkEvent"', 'id'), (SELECT max("id") FROM "LinkEvent"))`);
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** Fills a freshly migrated database with the trail up to `now`; resolves to the seconds it took. */
export async function seed(database: TestDatabase, size: TrailSize, now: Date): Promise<number> {
  const started = performance.now();
  const batches = trail(size, now, BATCH);
  if (database.kind === 'sqlite') seedSqlite(database, batches);
  else await seedPostgres(database, batches);
  return (performance.now() - started) / 1000;
}
