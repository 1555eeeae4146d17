// The audit chain on the real databases: every write chains its rows, and `verify` names the
// first row edited, deleted or inserted behind the bot's back.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prunedDigest } from '../../src/core/audit/retention-record.js';
import { RetentionSweep } from '../../src/core/audit/retention.js';
import { verifyTrail } from '../../src/core/audit/verify.js';
import type { Database } from '../../src/core/ports.js';
import { openDatabase } from '../../src/db/client.js';
import { defaultMigrationsDir, knownMigrationNames } from '../../src/db/migrate.js';
import { databaseKinds, rawQuery, type TestDatabase } from '../helpers/database.js';
import { failedAttempt, newLink } from '../helpers/fixtures.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 0, minutes));

/** A trail with something of every kind: mappings, issued and failed links, events, revoke, extend, replace, reminders. */
async function writeTrail(db: Database): Promise<void> {
  await db.mappings.save({ alias: 'acme', orgId: 'org_acme', externalId: 'ext-1', displayName: 'Acme', createdBy: 'U_ADMIN' }, { teamId: 'T1', channelId: 'C1' });
  await db.mappings.save({ alias: 'old', orgId: 'org_old', externalId: null, displayName: 'Old', createdBy: 'U_ADMIN' });
  await db.mappings.remove('old', 'U_ADMIN');
  await db.links.create(newLink({ id: 'L-one', tokenHash: 'hash-one', note: 'for their IT team' }));
  await db.links.create(failedAttempt({ id: 'L-failed', failureReason: 'Scalekit unavailable' }));
  await db.links.addEvent({ linkId: 'L-one', type: 'viewed', detail: null, actor: null });
  await db.links.addEvent({ linkId: 'L-one', type: 'session_minted', detail: null, actor: null });
  await db.links.extend({ linkId: 'L-one', from: newLink({ id: 'x' }).expiresAt, to: new Date('2026-11-20T00:00:00Z'), by: 'U1', at: at(5) });
  await db.reminders.claim([{ linkId: 'L-one', reason: 'stalled', at: at(6), message: null }]);
  await db.reminders.turnOff({ linkId: 'L-one', by: 'U1', at: at(7) });
  await db.links.create(newLink({ id: 'L-two', tokenHash: 'hash-two' }));
  await db.links.replace({ linkId: 'L-two', fresh: newLink({ id: 'L-three', tokenHash: 'hash-three', createdAt: at(8) }), posted: null, by: 'U1', at: at(8) });
  await db.links.revoke({ linkId: 'L-three', by: 'U1', at: at(9) });
}

/**
 * Opens two clients at once on PostgreSQL, as two replicas would. SQLite's driver waits for a lock
 * synchronously, so two clients in one process would stall each other; there, one after another.
 */
async function twoClients(kind: TestDatabase['kind'], url: string): Promise<[Database, Database]> {
  if (kind === 'postgresql') return Promise.all([openDatabase(url), openDatabase(url)]);
  const first = await openDatabase(url);
  return [first, await openDatabase(url)];
}

describe.each(databaseKinds)('the audit chain on $kind', ({ kind, create }) => {
  let testDb: TestDatabase;
  let db: Database;
  const sql = (text: string, params: unknown[] = []) => rawQuery(testDb, text, params);
  const problem = async () => {
    const result = await verifyTrail(db.audit);
    return result.intact ? null : result.problem;
  };

  beforeEach(async () => {
    testDb = await create();
    db = await openDatabase(testDb.url);
    await writeTrail(db);
    await db.audit.seal();
  });

  afterEach(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('chains every link, event and mapping change in one order, and a revoke or extend keeps it intact', async () => {
    expect(await db.audit.pending()).toBe(0);
    const [rows] = await sql(
      'SELECT (SELECT COUNT(*) FROM "Link") AS links, (SELECT COUNT(*) FROM "LinkEvent") AS events, (SELECT COUNT(*) FROM "MappingChange") AS changes',
    );
    const total = Number(rows?.links) + Number(rows?.events) + Number(rows?.changes);
    expect(Number(rows?.changes)).toBe(4); // mapped, channel_mapped, mapped, unmapped
    const result = await verifyTrail(db.audit);
    expect(result).toMatchObject({ intact: true, entries: total, head: { seq: total }, pending: 0 });
    expect(await sql('SELECT "issuedExpiresAt" FROM "Link" WHERE "id" = \'L-one\'')).toEqual([{ issuedExpiresAt: expect.anything() }]);
  });

  it('names a link whose recorded note, issuer or time was edited', async () => {
    await sql('UPDATE "Link" SET "note" = \'nothing to see\' WHERE "id" = \'L-one\'');
    expect(await problem()).toEqual({ problem: 'changed', subject: expect.objectContaining({ kind: 'link', linkId: 'L-one' }) });
    await sql('UPDATE "Link" SET "note" = \'for their IT team\' WHERE "id" = \'L-one\'');
    expect(await problem()).toBeNull();
    await sql('UPDATE "Link" SET "issuerName" = \'mallory\' WHERE "id" = \'L-failed\'');
    expect(await problem()).toMatchObject({ problem: 'changed', subject: { linkId: 'L-failed' } });
  });

  it('names an event that was edited, and one that was deleted', async () => {
    const [viewed] = await sql('SELECT "id" FROM "LinkEvent" WHERE "type" = \'viewed\'');
    await sql(`UPDATE "LinkEvent" SET "actor" = 'U9' WHERE "id" = ${Number(viewed?.id)}`);
    expect(await problem()).toEqual({ problem: 'changed', subject: expect.objectContaining({ kind: 'event', eventId: Number(viewed?.id), linkId: 'L-one' }) });
    await sql(`DELETE FROM "LinkEvent" WHERE "id" = ${Number(viewed?.id)}`);
    expect(await problem()).toEqual({ problem: 'deleted', subject: expect.objectContaining({ kind: 'event', eventId: Number(viewed?.id), linkId: 'L-one' }) });
  });

  it('names a row inserted without the bot, and a mapping change edited', async () => {
    await sql('INSERT INTO "LinkEvent" ("linkId", "type", "actor", "createdAt", "sealed") VALUES (\'L-one\', \'revoked\', \'U1\', CURRENT_TIMESTAMP, true)');
    expect(await problem()).toMatchObject({ problem: 'inserted', subject: { kind: 'event', linkId: 'L-one' } });
    await sql('DELETE FROM "LinkEvent" WHERE "type" = \'revoked\' AND "linkId" = \'L-one\'');
    await sql('UPDATE "MappingChange" SET "orgId" = \'org_evil\' WHERE "action" = \'mapped\' AND "alias" = \'acme\'');
    expect(await problem()).toMatchObject({ problem: 'changed', subject: { kind: 'mapping', alias: 'acme' } });
  });

  it('notices chain entries deleted with their rows, in the middle or at the end', async () => {
    await sql('DELETE FROM "LinkEvent" WHERE "type" = \'session_minted\'');
    await sql('DELETE FROM "AuditEntry" WHERE "eventId" NOT IN (SELECT "id" FROM "LinkEvent")');
    expect(await problem()).toMatchObject({ problem: 'entries_missing', after: { kind: 'event', linkId: 'L-one' } });

    const other = await create();
    const second = await openDatabase(other.url);
    try {
      await writeTrail(second);
      await second.audit.seal();
      await rawQuery(other, 'DELETE FROM "AuditEntry" WHERE "seq" = (SELECT MAX("seq") FROM "AuditEntry")');
      const result = await verifyTrail(second.audit);
      expect(result).toMatchObject({ intact: false, problem: { problem: 'truncated' } });
    } finally {
      await second.close();
      await other.drop();
    }
  });

  it('notices the head row deleted, and will not start a second chain over the first', async () => {
    await sql('DELETE FROM "AuditHead"');
    expect(await problem()).toMatchObject({ problem: 'head_missing' });
    await expect(openDatabase(testDb.url)).rejects.toThrow(/entries but no head row/);
  });

  it('notices a rewritten entry hash', async () => {
    await sql('UPDATE "AuditEntry" SET "contentHash" = \'0\' WHERE "seq" = 3');
    expect(await problem()).toMatchObject({ problem: 'broken', subject: { seq: 3 } });
  });

  it('keeps one chain when replicas write and seal at once, and counts what waits to be sealed', async () => {
    // Two clients on PostgreSQL, as two replicas; one on SQLite (see twoClients).
    const other = kind === 'postgresql' ? await openDatabase(testDb.url) : db;
    try {
      const view = (i: number) => (i % 2 ? db : other).links.addEvent({ linkId: 'L-one', type: 'viewed', detail: null, actor: null });
      await Promise.all(Array.from({ length: 10 }, (_, i) => view(i)));
      expect(await verifyTrail(db.audit)).toMatchObject({ intact: true, pending: 10 });
      const sealers = Array.from({ length: 6 }, (_, i) => (i % 2 ? db : other).audit.seal());
      await Promise.all([...Array.from({ length: 30 }, (_, i) => view(i)), ...sealers]);
      await Promise.all([db.audit.seal(), other.audit.seal()]);
    } finally {
      if (other !== db) await other.close();
    }
    expect(await verifyTrail(db.audit)).toMatchObject({ intact: true, pending: 0 });
    const [counts] = await sql('SELECT COUNT(*) AS entries, COUNT(DISTINCT "eventId") AS events FROM "AuditEntry" WHERE "kind" = \'event\'');
    expect(Number(counts?.entries)).toBe(Number(counts?.events));
  });
});

describe.each(databaseKinds)('audit retention on $kind', ({ kind, create }) => {
  let testDb: TestDatabase;
  let db: Database;
  const now = new Date('2028-12-01T00:00:00Z');
  const year = 365 * 86_400_000;

  beforeEach(async () => {
    testDb = await create();
    db = await openDatabase(testDb.url);
    await writeTrail(db); // every link here was last active in November 2026
    await db.links.create(newLink({ id: 'L-recent', createdAt: new Date('2028-06-01T00:00:00Z'), expiresAt: new Date('2028-06-08T00:00:00Z') }));
    await db.links.create(newLink({ id: 'L-old-but-viewed', createdAt: new Date('2026-01-01T00:00:00Z') }));
    await db.links.addEvent({ linkId: 'L-old-but-viewed', type: 'viewed', detail: null, actor: null, createdAt: new Date('2028-05-01T00:00:00Z') });
  });

  afterEach(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('removes links last active before the period with their events, and verify stays green', async () => {
    const removed = await new RetentionSweep(db, year, () => now).sweep();
    expect(removed).toMatchObject({ links: 4, events: 6 });
    const kept = await rawQuery(testDb, 'SELECT "id" FROM "Link" ORDER BY "id"');
    expect(kept.map((row) => row.id)).toEqual(['L-old-but-viewed', 'L-recent']);
    expect(await verifyTrail(db.audit)).toMatchObject({ intact: true });
    const [entry] = await rawQuery(testDb, 'SELECT "record" FROM "AuditEntry" WHERE "kind" = \'retention\'');
    expect(JSON.parse(String(entry?.record))).toMatchObject({ lastActivityBefore: '2027-12-02T00:00:00.000Z', links: 4, events: 6, entries: 10 });
    expect(await new RetentionSweep(db, year, () => now).sweep()).toMatchObject({ links: 0, events: 0 });
  });

  it('catches a row deleted and passed off as removed by retention', async () => {
    await new RetentionSweep(db, year, () => now).sweep();
    const [retention] = await rawQuery(testDb, 'SELECT "seq" FROM "AuditEntry" WHERE "kind" = \'retention\'');
    await rawQuery(testDb, `UPDATE "AuditEntry" SET "prunedBy" = ${Number(retention?.seq)} WHERE "linkId" = 'L-recent' AND "kind" = 'link'`);
    await rawQuery(testDb, 'DELETE FROM "Link" WHERE "id" = \'L-recent\'');
    expect(await verifyTrail(db.audit)).toMatchObject({ intact: false, problem: { problem: 'broken', subject: { kind: 'retention' } } });
  });

  it('catches a retention record rewritten to account for a row deleted behind its back', async () => {
    await new RetentionSweep(db, year, () => now).sweep();
    const [retention] = await rawQuery(testDb, 'SELECT "seq", "record" FROM "AuditEntry" WHERE "kind" = \'retention\'');
    const seq = Number(retention?.seq);
    await rawQuery(testDb, `UPDATE "AuditEntry" SET "prunedBy" = ${seq} WHERE "linkId" = 'L-recent' AND "kind" = 'link'`);
    await rawQuery(testDb, 'DELETE FROM "Link" WHERE "id" = \'L-recent\'');
    // The forger recomputes the count and digest the walk will expect, as anyone reading the table can.
    const pruned = await rawQuery(testDb, `SELECT "seq", "contentHash" FROM "AuditEntry" WHERE "prunedBy" = ${seq} ORDER BY "seq"`);
    const digest = pruned.reduce<string>((d, e) => prunedDigest.add(d, { seq: Number(e.seq), contentHash: String(e.contentHash) }), prunedDigest.start);
    const record = { ...(JSON.parse(String(retention?.record)) as object), entries: pruned.length, digest };
    await rawQuery(testDb, `UPDATE "AuditEntry" SET "record" = '${JSON.stringify(record)}' WHERE "seq" = ${seq}`);
    expect(await verifyTrail(db.audit)).toMatchObject({ intact: false, problem: { problem: 'changed', subject: { kind: 'retention', seq } } });
  });

  it('removes each link once when two replicas sweep at once', async () => {
    // Two clients on PostgreSQL, as two replicas; one on SQLite (see twoClients).
    const other = kind === 'postgresql' ? await openDatabase(testDb.url) : db;
    try {
      const results = await Promise.all([new RetentionSweep(db, year, () => now).sweep(), new RetentionSweep(other, year, () => now).sweep()]);
      expect(results.reduce((sum, result) => sum + result.links, 0)).toBe(4);
      expect(await rawQuery(testDb, 'SELECT "seq" FROM "AuditEntry" WHERE "kind" = \'retention\'')).toHaveLength(1);
    } finally {
      if (other !== db) await other.close();
    }
    expect(await verifyTrail(db.audit)).toMatchObject({ intact: true });
  });
});

describe.each(databaseKinds)('starting the chain on a $kind database written before it', ({ kind, create }) => {
  it('chains every row once, with mappings as they stand and the expiry each link was issued with', async () => {
    const other = await create();
    const before = mkdtempSync(join(tmpdir(), 'sso-migrations-'));
    try {
      for (const name of knownMigrationNames(kind).filter((name) => name < '20261130050000')) {
        cpSync(join(defaultMigrationsDir(kind), name), join(before, name), { recursive: true });
      }
      await (await openDatabase(other.url, { migrationsDir: before, startChain: false })).close();
      // By hand: this release's client writes columns and tables the old schema does not have.
      await rawQuery(other, `INSERT INTO "OrgMapping" ("alias", "orgId", "displayName", "createdBy", "updatedAt") VALUES ('acme', 'org_acme', 'Acme', 'U1', CURRENT_TIMESTAMP)`);
      await rawQuery(other, `INSERT INTO "ChannelMapping" ("teamId", "channelId", "alias", "createdBy") VALUES ('T1', 'C1', 'acme', 'U1')`);
      for (const id of ['L-a', 'L-b']) {
        await rawQuery(
          other,
          `INSERT INTO "Link" ("id", "kind", "outcome", "teamId", "issuerId", "issuerName", "orgQuery", "orgId", "orgName", "expiresAt") VALUES ('${id}', 'hosted', 'issued', 'T1', 'U1', 'ada', 'acme', 'org_acme', 'Acme', '2026-11-20T00:00:00.000Z')`,
        );
      }
      await rawQuery(other, `INSERT INTO "LinkEvent" ("linkId", "type", "detail") VALUES ('L-a', 'extended', '2026-11-08T00:00:00.000Z → 2026-11-20T00:00:00.000Z')`);

      // Two processes start: one chains, the other finds it done.
      const [first, second] = await twoClients(kind, other.url);
      try {
        expect(await verifyTrail(first.audit)).toMatchObject({ intact: true, entries: 0, pending: 5 });
        if (kind === 'postgresql') await Promise.all([first.audit.seal(), second.audit.seal()]);
        else for (const db of [first, second]) await db.audit.seal();
        expect(await verifyTrail(first.audit)).toMatchObject({ intact: true, entries: 5, pending: 0 }); // 2 mapping changes, 2 links, 1 event
        const rows = await rawQuery(other, 'SELECT "id", "issuedExpiresAt" FROM "Link" ORDER BY "id"');
        expect(rows.map((row) => new Date(row.issuedExpiresAt as string).toISOString())).toEqual(['2026-11-08T00:00:00.000Z', '2026-11-20T00:00:00.000Z']);
        await second.links.addEvent({ linkId: 'L-b', type: 'viewed', detail: null, actor: null });
        await second.audit.seal();
        expect(await verifyTrail(first.audit)).toMatchObject({ intact: true, entries: 6 });
      } finally {
        await first.close();
        await second.close();
      }
    } finally {
      rmSync(before, { recursive: true, force: true });
      await other.drop();
    }
  });
});
