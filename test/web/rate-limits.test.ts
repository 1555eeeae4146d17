// The shared rate limits on PostgreSQL: replicas count together, a key known to be over stops in
// memory, and an unreachable store leaves each replica limiting alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/db/client.js';
import { postgresLimiters } from '../../src/db/rate-limit-store.js';
import { RateLimits } from '../../src/web/rate-limits.js';
import { createPostgresDatabase, createSqliteDatabase, rawQuery, type TestDatabase } from '../helpers/database.js';

const BUDGETS = {
  sessionPerToken: { points: 5, duration: 60 },
  eventsPerToken: { points: 5, duration: 60 },
  deadLinkPerClient: { points: 5, duration: 60 },
};

/** The limiters of a database opened on PostgreSQL, as app.ts wires them. */
function sharedIn(db: OpenedDatabase) {
  if (!db.postgres) throw new Error('the database is not on PostgreSQL');
  return postgresLimiters(db.postgres);
}

describe('rate limits shared through PostgreSQL', () => {
  let database: TestDatabase;
  // Two connections with their own limits, as two replicas have.
  const replicas: OpenedDatabase[] = [];
  const limits: RateLimits[] = [];

  beforeAll(async () => {
    database = await createPostgresDatabase();
    for (let i = 0; i < 2; i++) {
      const db = await openDatabase(database.url);
      replicas.push(db);
      limits.push(new RateLimits(sharedIn(db), BUDGETS));
    }
  });

  afterAll(async () => {
    for (const db of replicas) await db.close();
    await database?.drop();
  });

  const spend = (replica: number, key: string) => (limits[replica] as RateLimits).spend(['sessionPerToken', key]);

  it('counts in the schema DATABASE_URL names, on a pool that closes with the database', async () => {
    const inSchema = await openDatabase(`${database.url}?schema=bot`);
    try {
      const ownLimits = new RateLimits(sharedIn(inSchema), BUDGETS);
      expect(await ownLimits.spend(['deadLinkPerClient', '203.0.113.9'])).toBeNull();
      expect(await rawQuery(database, `SELECT "points" FROM "bot"."RateLimit" WHERE "key" = 'deadLinkPerClient:203.0.113.9'`)).toEqual([{ points: 1 }]);
      expect(await rawQuery(database, `SELECT "key" FROM "public"."RateLimit" WHERE "key" LIKE 'deadLinkPerClient:%'`)).toEqual([]);
    } finally {
      await inSchema.close();
    }
    expect(inSchema.postgres?.pool.ended).toBe(true);
  });

  it('keeps SQLite in memory: no pool to share', async () => {
    const sqlite = await createSqliteDatabase();
    const db = await openDatabase(sqlite.url);
    try {
      expect(db.postgres).toBeUndefined();
    } finally {
      await db.close();
      await sqlite.drop();
    }
  });

  it('lets two replicas together allow what one allows', async () => {
    const waits = await Promise.all(Array.from({ length: 12 }, (_, i) => spend(i % 2, 'token-a')));
    expect(waits.filter((wait) => wait === null)).toHaveLength(5);
    expect(waits.filter((wait) => wait !== null).every((wait) => (wait as number) > 0 && (wait as number) <= 60)).toBe(true);
    const [row] = await rawQuery<{ points: number }>(database, `SELECT "points" FROM "RateLimit" WHERE "key" = 'sessionPerToken:token-a'`);
    expect(row?.points).toBeGreaterThan(5);
  });

  it('keeps each budget and key apart', async () => {
    for (let i = 0; i < 5; i++) expect(await spend(0, 'token-b')).toBeNull();
    expect(await spend(1, 'token-b')).not.toBeNull();
    expect(await (limits[1] as RateLimits).spend(['eventsPerToken', 'token-b'])).toBeNull();
    expect(await spend(1, 'token-c')).toBeNull();
  });

  it('refuses a key known to be over from memory, and limits in memory while the table cannot be written', async () => {
    for (let i = 0; i < 6; i++) await spend(0, 'token-d');
    expect(await spend(0, 'token-d')).not.toBeNull();
    await rawQuery(database, 'ALTER TABLE "RateLimit" RENAME TO "RateLimitAway"');
    try {
      // Were this answered by the database's stand-in, in memory and fresh, it would be allowed.
      expect(await spend(0, 'token-d')).not.toBeNull();
      // A key the database never counted is limited by the replica alone.
      const alone = [];
      for (let i = 0; i < 6; i++) alone.push(await spend(1, 'token-e'));
      expect(alone.slice(0, 5)).toEqual([null, null, null, null, null]);
      expect(alone[5]).not.toBeNull();
      expect(await rawQuery(database, `SELECT "key" FROM "RateLimitAway" WHERE "key" = 'sessionPerToken:token-e'`)).toEqual([]);
    } finally {
      await rawQuery(database, 'ALTER TABLE "RateLimitAway" RENAME TO "RateLimit"');
    }
    // Back on the database: its count, not the stand-in's.
    expect(await spend(0, 'token-f')).toBeNull();
    expect((await rawQuery(database, `SELECT "key" FROM "RateLimit" WHERE "key" = 'sessionPerToken:token-f'`)).length).toBe(1);
  });
});
