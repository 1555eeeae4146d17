import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, OrgMapping } from '../../src/core/ports.js';
import { openDatabase } from '../../src/db/client.js';
import { checksum, defaultMigrationsDir } from '../../src/db/migrate.js';
import { databaseKinds, rawQuery, type TestDatabase } from '../helpers/database.js';
import { failedAttempt, newLink } from '../helpers/fixtures.js';

const INIT = '20261125000000_init';
const MIGRATIONS = [INIT, '20261125035609_org_events', '20261125050000_setup_notices'];

describe.each(databaseKinds)('$kind database', ({ kind, create }) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await create();
    db = await openDatabase(testDb.url);
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  describe('migrations', () => {
    it('applies every migration on a fresh database, in order, recorded the way Prisma does', async () => {
      const rows = await rawQuery(testDb, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
      expect(rows.map((row) => row.migration_name)).toEqual(MIGRATIONS);
      for (const [i, name] of MIGRATIONS.entries()) {
        const sql = readFileSync(`${defaultMigrationsDir(kind)}/${name}/migration.sql`, 'utf8');
        expect(rows[i]).toMatchObject({ migration_name: name, checksum: checksum(sql), rolled_back_at: null, logs: null });
        expect(Number(rows[i]?.applied_steps_count)).toBe(1);
        expect(rows[i]?.finished_at).not.toBeNull();
        expect(rows[i]?.started_at).not.toBeNull();
        expect(String(rows[i]?.id)).toMatch(/^[0-9a-f-]{36}$/);
      }
    });

    it('adds the org event migration to a database created before it, keeping its rows', async () => {
      const other = await create();
      const initOnly = mkdtempSync(join(tmpdir(), 'sso-migrations-'));
      try {
        cpSync(join(defaultMigrationsDir(kind), INIT), join(initOnly, INIT), { recursive: true });
        const old = await openDatabase(other.url, { migrationsDir: initOnly });
        await old.mappings.save({ alias: 'acme', orgId: 'org_acme', externalId: null, displayName: 'Acme', createdBy: 'U1' });
        await old.close();
        const upgraded = await openDatabase(other.url);
        try {
          expect(await upgraded.mappings.find('acme')).toMatchObject({ orgId: 'org_acme' });
          await upgraded.orgEvents.record({ id: 'evt_1', orgId: 'org_acme', type: 'organization.sso_enabled', occurredAt: new Date() });
          expect(await upgraded.orgEvents.latest('org_acme', 5)).toHaveLength(1);
        } finally {
          await upgraded.close();
        }
        const rows = await rawQuery(other, 'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name');
        expect(rows.map((row) => row.migration_name)).toEqual(MIGRATIONS);
      } finally {
        rmSync(initOnly, { recursive: true, force: true });
        await other.drop();
      }
    });

    it('is idempotent when the database is opened again', async () => {
      const second = await openDatabase(testDb.url);
      await second.ping();
      await second.close();
      const rows = await rawQuery(testDb, 'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name');
      expect(rows.map((row) => row.migration_name)).toEqual(MIGRATIONS);
    });

    it('refuses to start when an applied migration was changed', async () => {
      const other = await create();
      try {
        await (await openDatabase(other.url)).close();
        await rawQuery(other, `UPDATE "_prisma_migrations" SET checksum = '${'0'.repeat(64)}'`);
        await expect(openDatabase(other.url)).rejects.toThrow(INIT);
      } finally {
        await other.drop();
      }
    });
  });

  it('answers ping', async () => {
    await expect(db.ping()).resolves.toBeUndefined();
  });

  describe('mappings', () => {
    it('saves, finds, replaces and lists mappings', async () => {
      const saved = await db.mappings.save({
        alias: 'acme',
        orgId: 'org_acme',
        externalId: 'CUST-42',
        displayName: 'Acme Corp',
        createdBy: 'U1',
      });
      expect(saved).toMatchObject({ alias: 'acme', orgId: 'org_acme', externalId: 'CUST-42' });
      expect(saved.createdAt).toBeInstanceOf(Date);
      await db.mappings.save({ alias: 'globex', orgId: 'org_globex', externalId: null, displayName: 'Globex', createdBy: 'U2' });

      expect(await db.mappings.find('acme')).toEqual(saved);
      expect(await db.mappings.find('nobody')).toBeNull();

      const replaced = await db.mappings.save({
        alias: 'acme',
        orgId: 'org_acme2',
        externalId: null,
        displayName: 'Acme Inc',
        createdBy: 'U3',
      });
      expect(replaced).toMatchObject({ alias: 'acme', orgId: 'org_acme2', externalId: null, displayName: 'Acme Inc', createdBy: 'U3' });
      expect(await db.mappings.find('acme')).toEqual(replaced);

      const list = await db.mappings.list();
      expect(list.map((m) => m.alias)).toEqual(['acme', 'globex']);
      expect(list[0]?.channelIds).toEqual([]);
    });

    it('maps channels together with their alias, and remaps them', async () => {
      const fieldsOf = async (alias: string) => {
        const { createdAt: _createdAt, ...fields } = (await db.mappings.find(alias)) as OrgMapping;
        return fields;
      };
      await db.mappings.save(await fieldsOf('acme'), { teamId: 'T1', channelId: 'C2' });
      await db.mappings.save(await fieldsOf('acme'), { teamId: 'T1', channelId: 'C1' });
      await db.mappings.save(await fieldsOf('globex'), { teamId: 'T1', channelId: 'C3' });
      expect((await db.mappings.findByChannel('T1', 'C1'))?.alias).toBe('acme');
      expect(await db.mappings.findByChannel('T2', 'C1')).toBeNull();

      await db.mappings.save(await fieldsOf('acme'), { teamId: 'T1', channelId: 'C3' });
      expect((await db.mappings.findByChannel('T1', 'C3'))?.orgId).toBe('org_acme2');

      const list = await db.mappings.list();
      expect(list.find((m) => m.alias === 'acme')?.channelIds).toEqual(['C1', 'C2', 'C3']);
      expect(list.find((m) => m.alias === 'globex')?.channelIds).toEqual([]);
    });

    it('removes an alias together with its channel mappings', async () => {
      expect(await db.mappings.remove('acme')).toBe(true);
      expect(await db.mappings.remove('acme')).toBe(false);
      expect(await db.mappings.find('acme')).toBeNull();
      expect(await db.mappings.findByChannel('T1', 'C1')).toBeNull();
      const channels = await rawQuery(testDb, 'SELECT COUNT(*) AS n FROM "ChannelMapping"');
      expect(Number(channels[0]?.n)).toBe(0);
      expect((await db.mappings.list()).map((m) => m.alias)).toEqual(['globex']);
    });
  });

  describe('links', () => {
    const first = newLink({
      id: 'L1',
      tokenHash: 'hash-1',
      scalekitLinkId: 'lnk_1',
      expiresAt: new Date('2026-11-08T00:00:00Z'),
      note: 'first',
      createdAt: new Date('2026-11-01T10:00:00Z'),
    });

    beforeAll(async () => {
      await db.links.create(first);
      await db.links.create(
        newLink({ id: 'L2', kind: 'direct', issuerId: 'U2', issuerName: 'bob', createdAt: new Date('2026-11-02T10:00:00Z') }),
      );
      await db.links.create(
        failedAttempt({
          id: 'L3',
          failureReason: 'org_not_found',
          orgQuery: 'nope',
          createdAt: new Date('2026-11-03T10:00:00Z'),
        }),
      );
      await db.links.create(newLink({ id: 'L4', orgId: 'org_globex', tokenHash: 'hash-4', createdAt: new Date('2026-11-04T10:00:00Z') }));
    });

    it('finds links by id and by token hash', async () => {
      const byHash = await db.links.findByTokenHash('hash-1');
      expect(byHash).toEqual({ ...first, revokedAt: null, revokedBy: null });
      expect(await db.links.findById('L1')).toEqual(byHash);
      expect(await db.links.findByTokenHash('nope')).toBeNull();
      expect(await db.links.findById('nope')).toBeNull();
    });

    it('rejects a second link with the same token hash', async () => {
      const duplicate = db.links.create(newLink({ id: 'L9', tokenHash: 'hash-1' }));
      // Prisma names the column on SQLite and the index on PostgreSQL.
      await expect(duplicate).rejects.toThrow(/Unique constraint failed on the (?:fields: \(`tokenHash`\)|constraint: `Link_tokenHash_key`)/);
      expect(await db.links.findById('L9')).toBeNull();
    });

    it('records events in order', async () => {
      await db.links.addEvent({ linkId: 'L1', type: 'viewed', detail: null, actor: null, createdAt: new Date('2026-11-01T11:00:00Z') });
      await db.links.addEvent({ linkId: 'L1', type: 'viewed', detail: 'again', actor: null, createdAt: new Date('2026-11-01T12:00:00Z') });
      await db.links.addEvent({ linkId: 'L1', type: 'session_minted', detail: null, actor: 'admin@acme', createdAt: new Date('2026-11-01T12:01:00Z') });
      await db.links.addEvent({ linkId: 'L1', type: 'session_failed', detail: 'boom', actor: null });
      await db.links.addEvent({ linkId: 'L4', type: 'viewed', detail: null, actor: null });
      for (const [detail, at] of [
        ['ORGANIZATION_DIRECTORY_ENABLED', '2026-11-01T13:00:00Z'],
        ['ORGANIZATION_SSO_ENABLED', '2026-11-01T12:30:00Z'],
        ['ORGANIZATION_SSO_ENABLED', '2026-11-01T14:00:00Z'],
      ] as const) {
        await db.links.addEvent({ linkId: 'L4', type: 'portal_event', detail, actor: 'page', createdAt: new Date(at) });
      }
      const events = await db.links.events('L1');
      expect(events.map((e) => e.type)).toEqual(['viewed', 'viewed', 'session_minted', 'session_failed']);
      expect(events[1]).toEqual({ linkId: 'L1', type: 'viewed', detail: 'again', actor: null, createdAt: new Date('2026-11-01T12:00:00Z') });
      expect(events[3]?.createdAt).toBeInstanceOf(Date);
    });

    it('lists recent links newest first with view and session counts', async () => {
      const recent = await db.links.recent({ limit: 10 });
      expect(recent.map((l) => l.id)).toEqual(['L4', 'L3', 'L2', 'L1']);
      expect(recent.map((l) => [l.views, l.sessions])).toEqual([
        [1, 0],
        [0, 0],
        [0, 0],
        [2, 1],
      ]);
      expect(recent[1]).toMatchObject({ outcome: 'failed', failureReason: 'org_not_found', orgId: null });
      expect(recent.map((l) => l.reportedEvents)).toEqual([['ORGANIZATION_SSO_ENABLED', 'ORGANIZATION_DIRECTORY_ENABLED'], [], [], []]);
    });

    it('filters recent links by organization and issuer and honours the limit', async () => {
      expect((await db.links.recent({ orgId: 'org_acme', limit: 10 })).map((l) => l.id)).toEqual(['L2', 'L1']);
      expect((await db.links.recent({ issuerId: 'U2', limit: 10 })).map((l) => l.id)).toEqual(['L2']);
      expect((await db.links.recent({ orgId: 'org_acme', issuerId: 'U1', limit: 10 })).map((l) => l.id)).toEqual(['L1']);
      expect((await db.links.recent({ limit: 2 })).map((l) => l.id)).toEqual(['L4', 'L3']);
      expect(await db.links.recent({ orgId: 'org_none', limit: 10 })).toEqual([]);
    });

    it('revokes once and records a single revoked event', async () => {
      const at = new Date('2026-11-02T00:00:00Z');
      expect(await db.links.revoke({ linkId: 'L1', by: 'U9', at })).toBe(true);
      expect(await db.links.revoke({ linkId: 'L1', by: 'U8', at: new Date() })).toBe(false);
      expect(await db.links.revoke({ linkId: 'nope', by: 'U8', at: new Date() })).toBe(false);
      expect(await db.links.findById('L1')).toMatchObject({ revokedAt: at, revokedBy: 'U9' });
      const revoked = (await db.links.events('L1')).filter((e) => e.type === 'revoked');
      expect(revoked).toEqual([{ linkId: 'L1', type: 'revoked', detail: null, actor: 'U9', createdAt: at }]);
    });
  });

  describe('org events', () => {
    const event = (id: string, type: string, occurredAt: string, orgId = 'org_acme') => ({ id, orgId, type, occurredAt: new Date(occurredAt) });

    it('stores an event once: a redelivery of the same id is refused without a second row', async () => {
      expect(await db.orgEvents.record(event('evt_a', 'organization.sso_created', '2026-11-10T10:00:00Z'))).toBe(true);
      expect(await db.orgEvents.record(event('evt_a', 'organization.sso_created', '2026-11-10T10:00:00Z'))).toBe(false);
      const rows = await rawQuery(testDb, 'SELECT COUNT(*) AS n FROM "OrgEvent" WHERE id = \'evt_a\'');
      expect(Number(rows[0]?.n)).toBe(1);
    });

    it('lists an org\'s latest events by occurrence, newest first, with when they arrived', async () => {
      const before = new Date(Date.now() - 1000);
      await db.orgEvents.record(event('evt_c', 'organization.directory_enabled', '2026-11-10T12:00:00Z'));
      await db.orgEvents.record(event('evt_b', 'organization.sso_enabled', '2026-11-10T11:00:00Z'));
      await db.orgEvents.record(event('evt_x', 'organization.sso_enabled', '2026-11-10T13:00:00Z', 'org_globex'));
      const latest = await db.orgEvents.latest('org_acme', 10);
      expect(latest.map((e) => e.id)).toEqual(['evt_c', 'evt_b', 'evt_a']);
      expect(latest[0]).toMatchObject({ orgId: 'org_acme', type: 'organization.directory_enabled', occurredAt: new Date('2026-11-10T12:00:00Z') });
      expect(latest[0]?.receivedAt.getTime()).toBeGreaterThan(before.getTime());
      expect((await db.orgEvents.latest('org_acme', 2)).map((e) => e.id)).toEqual(['evt_c', 'evt_b']);
      expect(await db.orgEvents.latest('org_none', 10)).toEqual([]);
    });
  });
});
