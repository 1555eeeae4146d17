// What the Database port promises, held to Prisma on SQLite, Prisma on PostgreSQL and the
// in-memory double the use-case tests run on: one set of cases, so the double cannot drift.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkRecord } from '../../src/core/links/link.js';
import type { LinkScope } from '../../src/core/links/scope.js';
import { verifyTrail } from '../../src/core/audit/verify.js';
import { SetupNotices } from '../../src/core/links/setup-notices.js';
import type { Database, OrgMapping } from '../../src/core/ports.js';
import type { ClaimedMessage, NewOwedMessage, ReminderReason } from '../../src/core/outbox/message.js';
import { openDatabase } from '../../src/db/client.js';
import { createPostgresDatabase, createSqliteDatabase, rawQuery, type TestDatabase } from '../helpers/database.js';
import { asIssued, failedAttempt, newLink } from '../helpers/fixtures.js';
import { InMemoryDatabase, type StoredTable } from '../helpers/in-memory-database.js';

/** A reminder claimed at `at`, with the message that tells `userId`. */
function claimedReminder(linkId: string, reason: ReminderReason, at: Date, userId: string) {
  const facts = { issuerId: userId, orgName: 'Acme', linkId, reason, issuedAt: '', expiresAt: '', views: 0, sessions: 0, lastSessionAt: null, partsDone: [] };
  return { linkId, reason, at, message: { id: `reminder:${linkId}:${reason}`, createdAt: at, message: { kind: 'reminder' as const, to: { userId }, facts } } };
}

interface OpenedDatabase {
  db: Database;
  /** What a table holds, read around the port. */
  rows(table: StoredTable): Promise<object[]>;
  close(): Promise<void>;
}

const onPrisma = (create: () => Promise<TestDatabase>) => async (): Promise<OpenedDatabase> => {
  const testDb = await create();
  const db = await openDatabase(testDb.url);
  return {
    db,
    rows: (table) => rawQuery(testDb, `SELECT * FROM "${table}"`),
    async close() {
      await db.close();
      await testDb.drop();
    },
  };
};

const inMemory = async (): Promise<OpenedDatabase> => {
  const db = new InMemoryDatabase();
  return { db, rows: async (table) => db.rows(table), close: () => db.close() };
};

describe.each([
  { kind: 'Prisma on SQLite', open: onPrisma(createSqliteDatabase) },
  { kind: 'Prisma on PostgreSQL', open: onPrisma(createPostgresDatabase) },
  { kind: 'the in-memory double', open: inMemory },
])('the database port on $kind', ({ open }) => {
  let opened: OpenedDatabase;
  let db: Database;
  const count = async (table: StoredTable, where: Record<string, unknown> = {}) =>
    (await opened.rows(table)).filter((row) => Object.entries(where).every(([key, value]) => (row as Record<string, unknown>)[key] === value))
      .length;

  beforeAll(async () => {
    opened = await open();
    db = opened.db;
  });

  afterAll(async () => {
    await opened?.close();
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
      expect(await db.mappings.remove('acme', 'U_ADMIN')).toBe(true);
      expect(await db.mappings.remove('acme', 'U_ADMIN')).toBe(false);
      expect(await db.mappings.find('acme')).toBeNull();
      expect(await db.mappings.findByChannel('T1', 'C1')).toBeNull();
      expect(await count('ChannelMapping')).toBe(0);
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
      expect(byHash).toEqual({ ...first, revokedAt: null, revokedBy: null, replacedBy: null, posted: null });
      expect(await db.links.findById('L1')).toEqual(byHash);
      expect(await db.links.findById('L3')).toEqual(
        failedAttempt({ id: 'L3', failureReason: 'org_not_found', orgQuery: 'nope', createdAt: new Date('2026-11-03T10:00:00Z') }),
      );
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
      expect(await db.links.events('nope')).toEqual([]);
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
      expect((await db.links.recent({ outcome: 'issued', limit: 10 })).map((l) => l.id)).toEqual(['L4', 'L2', 'L1']);
    });

    it('keeps what each link and attempt sets up, and lists the links of some scopes only', async () => {
      const at = (day: number) => new Date(`2026-09-0${day}T00:00:00Z`);
      await db.links.create(newLink({ id: 'L-whole', orgId: 'org_scoped', createdAt: at(1) }));
      await db.links.create(newLink({ id: 'L-sso', orgId: 'org_scoped', scope: 'sso', createdAt: at(2) }));
      await db.links.create(newLink({ id: 'L-scim', orgId: 'org_scoped', kind: 'direct', scope: 'directory', createdAt: at(3) }));
      await db.links.create(failedAttempt({ id: 'L-scim-failed', orgId: 'org_scoped', failureReason: 'timeout', scope: 'directory', createdAt: at(4) }));
      expect(await db.links.findById('L-sso')).toMatchObject({ scope: 'sso' });
      expect(await db.links.findById('L-scim-failed')).toMatchObject({ outcome: 'failed', scope: 'directory' });
      const listed = async (scopes?: LinkScope[]) => (await db.links.recent({ orgId: 'org_scoped', outcome: 'issued', scopes, limit: 10 })).map((l) => [l.id, l.scope]);
      expect(await listed()).toEqual([
        ['L-scim', 'directory'],
        ['L-sso', 'sso'],
        ['L-whole', 'all'],
      ]);
      expect(await listed(['all', 'sso'])).toEqual([
        ['L-sso', 'sso'],
        ['L-whole', 'all'],
      ]);
      expect(await listed(['directory'])).toEqual([['L-scim', 'directory']]);
      expect(await listed([])).toEqual([]);
    });

    it('rejects a second link with the same id, keeping the first', async () => {
      await expect(db.links.create(newLink({ id: 'L1', note: 'second' }))).rejects.toThrow(/Unique constraint failed/);
      expect(await db.links.findById('L1')).toMatchObject({ note: 'first' });
    });

    it('counts a link\'s events of one type', async () => {
      expect(await db.links.countEvents('L1', 'viewed')).toBe(2);
      expect(await db.links.countEvents('L1', 'session_minted')).toBe(1);
      expect(await db.links.countEvents('L1', 'revoked')).toBe(0);
      expect(await db.links.countEvents('nope', 'viewed')).toBe(0);
    });

    it('keeps events recorded at the same moment in the order they were added', async () => {
      const at = new Date('2026-11-01T15:00:00Z');
      for (const detail of ['first', 'second', 'third']) await db.links.addEvent({ linkId: 'L2', type: 'viewed', detail, actor: null, createdAt: at });
      expect((await db.links.events('L2')).map((e) => e.detail)).toEqual(['first', 'second', 'third']);
    });

    it('refuses an event for a link it does not have', async () => {
      await expect(db.links.addEvent({ linkId: 'nope', type: 'viewed', detail: null, actor: null })).rejects.toThrow(/Foreign key constraint/);
      expect(await db.links.events('nope')).toEqual([]);
    });

    it('orders links created at the same moment by id, last first', async () => {
      const at = new Date('2026-10-01T00:00:00Z');
      for (const id of ['L-same-a', 'L-same-c', 'L-same-b']) await db.links.create(newLink({ id, orgId: 'org_same', createdAt: at }));
      expect((await db.links.recent({ orgId: 'org_same', limit: 10 })).map((l) => l.id)).toEqual(['L-same-c', 'L-same-b', 'L-same-a']);
    });

    it('revokes once and records a single revoked event', async () => {
      const at = new Date('2026-11-02T00:00:00Z');
      expect(await db.links.revoke({ linkId: 'L1', by: 'U9', at })).toBe(true);
      expect(await db.links.revoke({ linkId: 'L1', by: 'U8', at: new Date() })).toBe(false);
      expect(await db.links.revoke({ linkId: 'nope', by: 'U8', at: new Date() })).toBe(false);
      // A failed attempt was never a link: there is nothing to revoke.
      expect(await db.links.revoke({ linkId: 'L3', by: 'U8', at: new Date() })).toBe(false);
      expect(await db.links.countEvents('L3', 'revoked')).toBe(0);
      expect(await db.links.findById('L1')).toMatchObject({ revokedAt: at, revokedBy: 'U9' });
      const revoked = (await db.links.events('L1')).filter((e) => e.type === 'revoked');
      expect(revoked).toEqual([{ linkId: 'L1', type: 'revoked', detail: null, actor: 'U9', createdAt: at }]);
    });

    it('revokes once when two revocations arrive at the same moment', async () => {
      const at = new Date('2026-11-02T00:00:00Z');
      const outcomes = await Promise.all(['U8', 'U9'].map((by) => db.links.revoke({ linkId: 'L4', by, at })));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await db.links.countEvents('L4', 'revoked')).toBe(1);
    });
  });

  describe('extending and replacing links', () => {
    const week = new Date('2026-11-08T00:00:00Z');
    const later = new Date('2026-11-12T00:00:00Z');
    const at = new Date('2026-11-05T00:00:00Z');
    const freshLink = (id: string, tokenHash: string) => newLink({ id, tokenHash, note: 'again', createdAt: at, expiresAt: later });

    beforeAll(async () => {
      for (const id of ['L-ext', 'L-ext2', 'L-old', 'L-old2']) await db.links.create(newLink({ id, tokenHash: `hash-${id}`, expiresAt: week }));
    });

    it('moves the expiry from the one read, and records both in an extended event', async () => {
      expect(await db.links.extend({ linkId: 'L-ext', from: week, to: later, by: 'U9', at })).toBe(true);
      expect(await db.links.findById('L-ext')).toMatchObject({ expiresAt: later, revokedAt: null });
      expect((await db.links.events('L-ext')).filter((e) => e.type === 'extended')).toEqual([
        { linkId: 'L-ext', type: 'extended', detail: '2026-11-08T00:00:00.000Z → 2026-11-12T00:00:00.000Z', actor: 'U9', createdAt: at },
      ]);
      // From an expiry it no longer has (someone extended it first): nothing changes.
      expect(await db.links.extend({ linkId: 'L-ext', from: week, to: new Date('2026-11-20T00:00:00Z'), by: 'U8', at })).toBe(false);
      expect(await db.links.findById('L-ext')).toMatchObject({ expiresAt: later });
      expect(await db.links.countEvents('L-ext', 'extended')).toBe(1);
    });

    it('extends neither a revoked link, an unknown one nor a failed attempt', async () => {
      await db.links.revoke({ linkId: 'L-ext2', by: 'U9', at });
      expect(await db.links.extend({ linkId: 'L-ext2', from: week, to: later, by: 'U9', at })).toBe(false);
      expect(await db.links.findById('L-ext2')).toMatchObject({ expiresAt: week });
      expect(await db.links.extend({ linkId: 'nope', from: week, to: later, by: 'U9', at })).toBe(false);
      expect(await db.links.extend({ linkId: 'L3', from: week, to: later, by: 'U9', at })).toBe(false);
      expect(await db.links.countEvents('L3', 'extended')).toBe(0);
    });

    it('extends once when two extensions from the same expiry arrive at the same moment', async () => {
      const to = [new Date('2026-11-13T00:00:00Z'), new Date('2026-11-14T00:00:00Z')];
      const outcomes = await Promise.all(to.map((date) => db.links.extend({ linkId: 'L-ext', from: later, to: date, by: 'U9', at })));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(to).toContainEqual(asIssued(await db.links.findById('L-ext')).expiresAt);
      expect(await db.links.countEvents('L-ext', 'extended')).toBe(2);
    });

    it('writes the fresh link and marks the old one revoked and replaced by it, in one step', async () => {
      const posted = { channelId: 'C0POST', ts: '1700000000.000200' };
      expect(await db.links.replace({ linkId: 'L-old', fresh: freshLink('L-new', 'hash-new'), posted, by: 'U9', at })).toBe(true);
      expect(await db.links.findById('L-old')).toMatchObject({ revokedAt: at, revokedBy: 'U9', replacedBy: 'L-new' });
      expect(await db.links.findById('L-new')).toEqual({ ...freshLink('L-new', 'hash-new'), revokedAt: null, revokedBy: null, replacedBy: null, posted });
      expect(await db.links.findByTokenHash('hash-new')).toMatchObject({ id: 'L-new' });
      expect(await db.links.events('L-old')).toEqual([{ linkId: 'L-old', type: 'replaced', detail: 'L-new', actor: 'U9', createdAt: at }]);
      expect(await db.links.events('L-new')).toEqual([]);
    });

    it('replaces nothing already revoked, unknown or failed, and then writes no fresh link', async () => {
      expect(await db.links.replace({ linkId: 'L-old', fresh: freshLink('L-new2', 'hash-new2'), posted: null, by: 'U8', at })).toBe(false);
      expect(await db.links.replace({ linkId: 'nope', fresh: freshLink('L-new3', 'hash-new3'), posted: null, by: 'U8', at })).toBe(false);
      expect(await db.links.replace({ linkId: 'L3', fresh: freshLink('L-new4', 'hash-new4'), posted: null, by: 'U8', at })).toBe(false);
      for (const id of ['L-new2', 'L-new3', 'L-new4']) expect(await db.links.findById(id)).toBeNull();
      expect(await db.links.findById('L-old')).toMatchObject({ revokedBy: 'U9', replacedBy: 'L-new' });
    });

    it('leaves the old link as it was when the fresh one cannot be written', async () => {
      await expect(db.links.replace({ linkId: 'L-old2', fresh: freshLink('L-new5', 'hash-new'), posted: null, by: 'U8', at })).rejects.toThrow(/Unique constraint failed/);
      expect(await db.links.findById('L-old2')).toMatchObject({ revokedAt: null, replacedBy: null });
      expect(await db.links.events('L-old2')).toEqual([]);
    });

    it('replaces once when two replacements arrive at the same moment', async () => {
      const outcomes = await Promise.all(
        ['a', 'b'].map((suffix) => db.links.replace({ linkId: 'L-old2', fresh: freshLink(`L-twin-${suffix}`, `hash-twin-${suffix}`), posted: null, by: 'U9', at })),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const { replacedBy } = asIssued(await db.links.findById('L-old2'));
      const loser = replacedBy === 'L-twin-a' ? 'L-twin-b' : 'L-twin-a';
      expect(await db.links.findById(replacedBy ?? '')).not.toBeNull();
      expect(await db.links.findById(loser)).toBeNull();
      expect(await db.links.countEvents('L-old2', 'replaced')).toBe(1);
    });
  });

  describe('setup notices', () => {
    let notices: SetupNotices;

    beforeAll(async () => {
      notices = new SetupNotices(db, () => new Date(), () => undefined);
      await db.links.create(
        newLink({
          id: 'L-notice',
          orgId: 'org_acme1',
          tokenHash: 'hash-notice',
          expiresAt: new Date(Date.now() + 86_400_000),
          createdAt: new Date(),
        }),
      );
    });

    it('claims a notice once per link and part, even when claimed at the same moment', async () => {
      await db.links.create(newLink({ id: 'L-claim', orgId: 'org_claim' }));
      const claims = await Promise.all([
        ...Array.from({ length: 4 }, () => db.links.claimSetupNotice({ linkId: 'L-claim', part: 'sso', actor: 'U1', messages: [] })),
        db.links.claimSetupNotice({ linkId: 'L-claim', part: 'directory', actor: 'U1', messages: [] }),
      ]);
      expect(claims.slice(0, 4).filter(Boolean)).toHaveLength(1);
      expect(claims[4]).toBe(true);
      expect(await count('SetupNotice', { linkId: 'L-claim' })).toBe(2);
      const notified = (await db.links.events('L-claim')).filter((event) => event.type === 'issuer_notified');
      expect(notified.map(({ detail, actor }) => [detail, actor]).sort()).toEqual([
        ['directory', 'U1'],
        ['sso', 'U1'],
      ]);
      // The listing counts the parts finished through the link, whoever reported them.
      expect((await db.links.recent({ orgId: 'org_claim', limit: 5 })).map((link) => link.partsFinished)).toEqual([2]);
    });

    it('sends one message when the page and Scalekit report the same part at the same moment', async () => {
      const link = asIssued(await db.links.findById('L-notice'));
      await Promise.all([
        notices.completedThrough(link, 'sso', 'page'),
        notices.completedThrough(link, 'sso', 'page'),
        notices.completedFor('org_acme1', 'sso'),
        notices.completedFor('org_acme1', 'directory'),
      ]);
      const sent = (await db.outbox.claimDue({ now: new Date(Date.now() + 60_000), limit: 100, leaseMs: 60_000 }))
        .flatMap(({ message }) => (message.kind === 'setup_completed' && message.facts.linkId === 'L-notice' ? [message.facts] : []))
        .map(({ part, source }) => `${part}:${source}`);
      expect(sent.filter((entry) => entry.startsWith('sso:'))).toHaveLength(1);
      expect(sent.filter((entry) => entry.startsWith('directory:'))).toEqual(['directory:scalekit']);
      const notified = (await db.links.events('L-notice')).filter((event) => event.type === 'issuer_notified');
      expect(notified.map((event) => event.detail).sort()).toEqual(['directory', 'sso']);
    });
  });

  describe('outbox', () => {
    const at = new Date('2026-11-20T10:00:00Z');
    const later = (ms: number) => new Date(at.getTime() + ms);
    const owed = (id: string, linkId: string): NewOwedMessage => ({
      id,
      createdAt: at,
      message: { kind: 'setup_completed', to: { userId: 'U1' }, facts: { issuerId: 'U1', orgName: 'Acme', linkId, part: 'sso', source: 'page' } },
    });
    const claim = (now: Date, limit = 10) => db.outbox.claimDue({ now, limit, leaseMs: 60_000 });

    beforeAll(async () => {
      for (const id of ['L-out-1', 'L-out-2', 'L-out-3']) await db.links.create(newLink({ id, orgId: 'org_out' }));
    });

    it('writes the messages with their notice, all or nothing, and hands each to one claimer until its lease ends', async () => {
      const thread: NewOwedMessage = { ...owed('out:1:thread', 'L-out-1'), message: { ...owed('', 'L-out-1').message, to: { channelId: 'C1', threadTs: '1.2' } } };
      expect(await db.links.claimSetupNotice({ linkId: 'L-out-1', part: 'sso', actor: 'U1', messages: [owed('out:1', 'L-out-1'), thread] })).toBe(true);
      const claims = await Promise.all([claim(at), claim(at), claim(at)]);
      const claimed = claims.flat().filter(({ id }) => id.startsWith('out:1'));
      expect(claimed.map(({ id }) => id).sort()).toEqual(['out:1', 'out:1:thread']);
      expect(claimed.find(({ id }) => id === 'out:1:thread')).toMatchObject({ attempts: 0, createdAt: at, message: thread.message });
      expect((await claim(later(59_000))).filter(({ id }) => id.startsWith('out:1'))).toEqual([]);
      expect((await claim(later(61_000))).map(({ id }) => id).filter((id) => id.startsWith('out:1')).sort()).toEqual(['out:1', 'out:1:thread']);
    });

    it('writes no message when the notice was claimed already', async () => {
      await db.links.claimSetupNotice({ linkId: 'L-out-2', part: 'sso', actor: 'U1', messages: [owed('out:2', 'L-out-2')] });
      expect(await db.links.claimSetupNotice({ linkId: 'L-out-2', part: 'sso', actor: 'U1', messages: [owed('out:2b', 'L-out-2')] })).toBe(false);
      expect(await count('OutboxMessage', { id: 'out:2b' })).toBe(0);
    });

    it('retries later, never hands out a sent or failed message again, and keeps the attempts', async () => {
      await db.links.claimSetupNotice({ linkId: 'L-out-3', part: 'sso', actor: 'U1', messages: [owed('out:3a', 'L-out-3')] });
      await db.links.claimSetupNotice({ linkId: 'L-out-3', part: 'directory', actor: 'U1', messages: [owed('out:3b', 'L-out-3'), owed('out:3c', 'L-out-3')] });
      const ours = async (now: Date) => (await claim(now, 100)).filter(({ id }) => id.startsWith('out:3'));
      const [a, b, c] = await ours(at);
      expect([a?.id, b?.id, c?.id]).toEqual(['out:3a', 'out:3b', 'out:3c']);
      await db.outbox.retryLater(a as ClaimedMessage, { attempts: 1, error: 'internal_error', nextAttemptAt: later(120_000) });
      await db.outbox.markSent(b as ClaimedMessage, later(1000));
      await db.outbox.markFailed(c as ClaimedMessage, { attempts: 9, error: 'channel_not_found' });
      expect(await ours(later(119_000))).toEqual([]);
      expect(await ours(later(120_000))).toEqual([expect.objectContaining({ id: 'out:3a', attempts: 1 })]);
      // Retention removes what was settled (sent, failed) before its cut-off, never what is owed.
      expect(await db.outbox.purge(later(1))).toBe(2);
      expect(await count('OutboxMessage', { id: 'out:3a' })).toBe(1);
      expect((await count('OutboxMessage', { id: 'out:3b' })) + (await count('OutboxMessage', { id: 'out:3c' }))).toBe(0);
    });

    it('hands a message given back (a worker stopping) to the next claim at once, unchanged', async () => {
      await db.links.claimSetupNotice({ linkId: 'L-out-2', part: 'directory', actor: 'U1', messages: [owed('out:5', 'L-out-2')] });
      const mine = async (now: Date) => (await claim(now, 100)).find(({ id }) => id === 'out:5');
      const first = await mine(at);
      expect(await mine(at)).toBeUndefined();
      await db.outbox.release(first as ClaimedMessage);
      expect(await mine(at)).toMatchObject({ id: 'out:5', attempts: 0 });
    });

    it('ignores what a worker records after its claim ran out and another worker took the message', async () => {
      await db.links.create(newLink({ id: 'L-out-4', orgId: 'org_out' }));
      await db.links.claimSetupNotice({ linkId: 'L-out-4', part: 'sso', actor: 'U1', messages: [owed('out:4', 'L-out-4')] });
      const mine = async (now: Date) => (await claim(now, 100)).find(({ id }) => id === 'out:4');
      const slow = await mine(at);
      const next = await mine(later(61_000));
      expect(next?.claim).not.toEqual(slow?.claim);
      await db.outbox.markFailed(slow as ClaimedMessage, { attempts: 1, error: 'late' });
      await db.outbox.markSent(next as ClaimedMessage, later(62_000));
      const [row] = (await opened.rows('OutboxMessage')).filter((r) => (r as { id: string }).id === 'out:4') as Array<{ status: string }>;
      expect(row?.status).toBe('sent');
    });

    it('tells how many messages wait, and when the oldest one due was written', async () => {
      // Long before every other message of this suite: none of theirs is due yet.
      const early = new Date('2020-01-01T00:00:00Z');
      const soon = new Date(early.getTime() + 120_000);
      const before = await db.outbox.backlog(early);
      expect(before.oldestDueAt).toBeNull();
      await db.links.create(newLink({ id: 'L-out-5', orgId: 'org_out' }));
      const messages = [{ ...owed('out:5a', 'L-out-5'), createdAt: early }, { ...owed('out:5b', 'L-out-5'), createdAt: new Date(early.getTime() + 60_000) }];
      await db.links.claimSetupNotice({ linkId: 'L-out-5', part: 'sso', actor: 'U1', messages });
      expect(await db.outbox.backlog(soon)).toEqual({ pending: before.pending + 2, oldestDueAt: early });
      const [a, b] = (await claim(soon, 100)).filter(({ id }) => id.startsWith('out:5'));
      await db.outbox.markSent(a as ClaimedMessage, soon);
      // A message waiting for its retry still waits, but is not due.
      await db.outbox.retryLater(b as ClaimedMessage, { attempts: 1, error: 'internal_error', nextAttemptAt: new Date('2020-01-02T00:00:00Z') });
      expect(await db.outbox.backlog(soon)).toEqual({ pending: before.pending + 1, oldestDueAt: null });
    });

    it('remembers where a link was posted', async () => {
      await db.links.recordPost({ linkId: 'L-out-1', channelId: 'C0POST', ts: '1700000000.000100' });
      expect(asIssued(await db.links.findById('L-out-1')).posted).toEqual({ channelId: 'C0POST', ts: '1700000000.000100' });
      expect(asIssued(await db.links.findById('L-out-2')).posted).toBeNull();
    });
  });

  describe('reminders', () => {
    const at = new Date('2026-12-10T10:00:00Z');
    const hours = (n: number) => new Date(at.getTime() + n * 3_600_000);
    const query = { now: at, unopenedIssuedBy: hours(-72), expiringBy: hours(24), stalledSince: hours(-48), limit: 10 };
    const ours = async (q = query) => (await db.reminders.due(q)).filter(({ link }) => link.id.startsWith('R-'));
    const reminder = (linkId: string, reason: ReminderReason) => claimedReminder(linkId, reason, at, 'U1');
    const link = (id: string, issued: number, expires: number, extra: Partial<Parameters<typeof newLink>[0]> = {}) =>
      db.links.create(newLink({ id, orgId: 'org_remind', createdAt: hours(issued), expiresAt: hours(expires), ...extra }));
    const event = (linkId: string, type: 'viewed' | 'session_minted', hoursFromNow: number) =>
      db.links.addEvent({ linkId, type, detail: null, actor: null, createdAt: hours(hoursFromNow) });

    beforeAll(async () => {
      await link('R-unopened', -72, 96);
      await link('R-fresh', -71, 96);
      await link('R-expiring', -10, 24);
      await event('R-expiring', 'viewed', -9);
      await link('R-stalled', -100, 96);
      await event('R-stalled', 'viewed', -99);
      await event('R-stalled', 'session_minted', -99);
      await event('R-stalled', 'session_minted', -48);
      await link('R-busy', -100, 96);
      await event('R-busy', 'viewed', -99);
      await event('R-busy', 'session_minted', -99);
      await event('R-busy', 'session_minted', -47);
      await link('R-half', -100, 12);
      await event('R-half', 'viewed', -99);
      await db.links.claimSetupNotice({ linkId: 'R-half', part: 'sso', actor: 'U1', messages: [] });
      await link('R-done', -100, 12);
      for (const part of ['sso', 'directory'] as const) await db.links.claimSetupNotice({ linkId: 'R-done', part, actor: 'U1', messages: [] });
      // Offered single sign-on only, and that is set up: finished.
      await link('R-sso-done', -100, 12, { scope: 'sso' });
      await db.links.claimSetupNotice({ linkId: 'R-sso-done', part: 'sso', actor: 'U1', messages: [] });
      await link('R-revoked', -100, 12);
      await db.links.revoke({ linkId: 'R-revoked', by: 'U1', at: hours(-1) });
      await link('R-expired', -100, 0);
      await link('R-direct', -100, 12, { kind: 'direct' });
      await link('R-off', -100, 12);
    });

    it('finds each link due, for each reason, with what was recorded of it', async () => {
      const due = await ours();
      expect(due.map(({ link, reason }) => `${link.id}:${reason}`).sort()).toEqual([
        'R-expiring:expiring',
        'R-half:expiring',
        'R-off:expiring',
        'R-off:unopened',
        'R-stalled:stalled',
        'R-unopened:unopened',
      ]);
      expect(due.find(({ link }) => link.id === 'R-stalled')).toMatchObject({ views: 1, sessions: 2, lastSessionAt: hours(-48), link: { outcome: 'issued', orgId: 'org_remind' } });
      expect(due.find(({ link }) => link.id === 'R-half')).toMatchObject({ views: 1, sessions: 0, lastSessionAt: null });
      expect((await ours({ ...query, limit: 1 })).map(({ reason }) => reason).sort()).toEqual(['expiring', 'stalled', 'unopened']);
    });

    it('withdraws a reminder still waiting to be sent when its link is revoked', async () => {
      await link('R-withdrawn', -100, 96);
      expect(await db.reminders.claim([reminder('R-withdrawn', 'unopened')])).toBe(1);
      expect(await db.links.revoke({ linkId: 'R-withdrawn', by: 'U1', at })).toBe(true);
      const waiting = await db.outbox.claimDue({ now: hours(1), limit: 100, leaseMs: 60_000 });
      expect(waiting.filter(({ id }) => id.startsWith('reminder:R-withdrawn:'))).toEqual([]);
      expect(await count('OutboxMessage', { id: 'reminder:R-withdrawn:unopened', status: 'withdrawn' })).toBe(1);
    });

    it('settles a reminder without a message: claimed, nothing sent, no event, not due again', async () => {
      await link('R-settled', -100, 96);
      expect(await db.reminders.claim([{ ...reminder('R-settled', 'unopened'), message: null }])).toBe(1);
      expect(await count('OutboxMessage', { id: 'reminder:R-settled:unopened' })).toBe(0);
      expect(await db.links.events('R-settled')).toEqual([]);
      expect((await ours()).filter(({ link }) => link.id === 'R-settled')).toEqual([]);
    });

    it("knows what each organization finished, through any of its links", async () => {
      const done = await db.reminders.partsDoneByOrg(['org_remind', 'org_nobody']);
      // R-half (sso) and R-done (both) belong to org_remind.
      expect(done.get('org_remind')).toEqual({ sso: expect.any(Date), directory: expect.any(Date) });
      expect(done.has('org_nobody')).toBe(false);
      expect(await db.reminders.partsDoneByOrg([])).toEqual(new Map());
    });

    it('turns reminders off once, with an event, and finds the link due no more', async () => {
      expect(await db.reminders.turnOff({ linkId: 'R-off', by: 'U2', at })).toBe(true);
      expect(await db.reminders.turnOff({ linkId: 'R-off', by: 'U3', at })).toBe(false);
      expect(await db.reminders.turnOff({ linkId: 'nope', by: 'U3', at })).toBe(false);
      expect((await db.links.events('R-off')).map(({ type, actor }) => [type, actor])).toEqual([['reminders_off', 'U2']]);
      expect((await ours()).filter(({ link }) => link.id === 'R-off')).toEqual([]);
    });

    it('claims each reminder once, even when claimed at the same moment, with its message and event', async () => {
      const claims = await Promise.all([
        db.reminders.claim([reminder('R-unopened', 'unopened'), reminder('R-expiring', 'expiring')]),
        db.reminders.claim([reminder('R-expiring', 'expiring'), reminder('R-stalled', 'stalled')]),
        db.reminders.claim([reminder('R-unopened', 'unopened')]),
      ]);
      expect(claims.reduce((sum, claimed) => sum + claimed, 0)).toBe(3);
      expect(await count('Reminder', { linkId: 'R-expiring' })).toBe(1);
      expect(await count('OutboxMessage', { id: 'reminder:R-expiring:expiring' })).toBe(1);
      expect((await db.links.events('R-stalled')).filter(({ type }) => type === 'reminded').map(({ detail }) => detail)).toEqual(['stalled']);
      expect((await ours()).map(({ link, reason }) => `${link.id}:${reason}`).sort()).toEqual(['R-half:expiring']);
      // Some of a batch claimed already (another replica's sweep): the rest is claimed.
      expect(await db.reminders.claim([reminder('R-unopened', 'unopened'), reminder('R-half', 'expiring'), reminder('R-stalled', 'stalled')])).toBe(1);
      expect(await ours()).toEqual([]);
      expect(await count('OutboxMessage', { id: 'reminder:R-half:expiring' })).toBe(1);
      expect(await db.reminders.claim([])).toBe(0);
    });
  });

  describe('org events', () => {
    const event = (id: string, type: string, occurredAt: string, orgId = 'org_acme') => ({ id, orgId, type, occurredAt: new Date(occurredAt) });

    it('stores an event once: a redelivery of the same id is refused without a second row', async () => {
      expect(await db.orgEvents.record(event('evt_a', 'organization.sso_created', '2026-11-10T10:00:00Z'))).toBe(true);
      expect(await db.orgEvents.record(event('evt_a', 'organization.sso_created', '2026-11-10T10:00:00Z'))).toBe(false);
      expect(await count('OrgEvent', { id: 'evt_a' })).toBe(1);
    });

    it('stores an event once when two deliveries of it arrive at the same moment', async () => {
      const twice = event('evt_twice', 'organization.sso_enabled', '2026-11-09T10:00:00Z', 'org_twice');
      const outcomes = await Promise.all([db.orgEvents.record(twice), db.orgEvents.record(twice)]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await count('OrgEvent', { id: 'evt_twice' })).toBe(1);
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

  describe('the board', () => {
    const day = (n: number, hour = 0) => new Date(Date.UTC(2027, 0, n, hour));
    const since = day(1);
    const board = { issuerId: 'U0BOARD', orgId: 'org_board' };
    const sentAt = (id: string, createdAt: Date, extra: Partial<Parameters<typeof newLink>[0]> = {}) =>
      db.links.create(newLink({ ...board, id, tokenHash: `hash-${id}`, createdAt, expiresAt: new Date(createdAt.getTime() + 7 * 86_400_000), ...extra }));
    const event = (linkId: string, type: 'viewed' | 'session_minted', at: Date) => db.links.addEvent({ linkId, type, detail: null, actor: null, createdAt: at });
    const reminder = (linkId: string, reason: ReminderReason, at: Date) => claimedReminder(linkId, reason, at, 'U0BOARD');
    let noticed: { before: Date; after: Date };

    beforeAll(async () => {
      await sentAt('B-before', new Date(since.getTime() - 1));
      // An older link to the organization: B-twice is its newest.
      await sentAt('B-edge', since);
      // Sent with the words of the failed attempt B-failed (another case, spaces around): the board
      // joins that attempt to this organization, so it is read.
      await sentAt('B-used', day(2), { orgQuery: ' ACMEE ' });
      // Added out of order: the first and last are by time.
      await event('B-used', 'viewed', day(2, 10));
      await event('B-used', 'viewed', day(2, 9));
      await event('B-used', 'session_minted', day(2, 11));
      await event('B-used', 'session_minted', day(3, 12));
      await event('B-used', 'session_minted', day(2, 12));
      await db.reminders.claim([reminder('B-used', 'unopened', day(5))]);
      await db.reminders.claim([reminder('B-used', 'stalled', day(6))]);
      // Settled unsent: no reminder went out.
      await db.reminders.claim([{ ...reminder('B-used', 'expiring', day(7)), message: null }]);
      const before = new Date(Date.now() - 1000);
      await db.links.claimSetupNotice({ linkId: 'B-used', part: 'sso', actor: 'page', messages: [] });
      noticed = { before, after: new Date(Date.now() + 1000) };
      await db.links.create(failedAttempt({ ...board, id: 'B-failed', orgId: null, failureReason: 'no customer is mapped as acmee', orgQuery: 'acmee', createdAt: day(3) }));
      await sentAt('B-twice', day(3, 1), { kind: 'direct', tokenHash: null });
      await sentAt('B-other', day(4), { issuerId: 'U0BOARD2', orgId: 'org_board2' });
      // Two reminders claimed in one sweep, at one moment: the one written last is the last.
      await db.reminders.claim([reminder('B-other', 'unopened', day(4)), reminder('B-other', 'expiring', day(4))]);
    });

    it("reads, of the window's links (one sender's when asked), each organization's newest, every attempt not resolved, and the sender's newest link with its words, newest first", async () => {
      const ids = async (query: Parameters<Database['links']['forBoard']>[0]) => (await db.links.forBoard(query)).map(({ link }) => link.id);
      expect(await ids({ since })).toEqual(['B-other', 'B-twice', 'B-failed', 'B-used']);
      expect(await ids({ since, issuerId: 'U0BOARD' })).toEqual(['B-twice', 'B-failed', 'B-used']);
      expect(await ids({ since: day(3) })).toEqual(['B-other', 'B-twice', 'B-failed']);
      // The newest attempt of an organization and its newest issued link are both read when they differ.
      await db.links.create(failedAttempt({ ...board, id: 'B-late', failureReason: 'Scalekit did not answer', orgName: 'Acme', createdAt: day(3, 2) }));
      expect(await ids({ since, issuerId: 'U0BOARD' })).toEqual(['B-late', 'B-twice', 'B-failed', 'B-used']);
      expect(await ids({ since, issuerId: 'U0NOBODY' })).toEqual([]);
      expect(await ids({ since: day(30) })).toEqual([]);
    });

    it('tells of each link its first view, first and last sessions, sessions, last reminder sent and the parts finished', async () => {
      const read = await db.links.forBoard({ since, issuerId: 'U0BOARD' });
      const of = (id: string) => read.find(({ link }) => link.id === id);
      // What the board reads of a link: the fields that place it and say what it is now.
      const placed = async (id: string) => {
        const record = (await db.links.findById(id)) as LinkRecord;
        const shared = ['id', 'kind', 'issuerId', 'orgQuery', 'scope', 'createdAt', 'outcome', 'orgId', 'orgName'];
        const keys = record.outcome === 'issued' ? [...shared, 'expiresAt', 'revokedAt', 'replacedBy'] : shared;
        return Object.fromEntries(keys.map((key) => [key, record[key as keyof LinkRecord]]));
      };
      expect(of('B-used')).toEqual({
        link: await placed('B-used'),
        firstViewAt: day(2, 9),
        firstSessionAt: day(2, 11),
        lastSessionAt: day(3, 12),
        sessions: 3,
        lastReminder: { reason: 'stalled', at: day(6) },
        finished: [{ part: 'sso', at: expect.any(Date) }],
      });
      // The last reminder sent through any of the window's links to the organization.
      expect(of('B-twice')?.lastReminder).toEqual({ reason: 'stalled', at: day(6) });
      const finishedAt = of('B-used')?.finished[0]?.at as Date;
      expect(finishedAt.getTime()).toBeGreaterThanOrEqual(noticed.before.getTime());
      expect(finishedAt.getTime()).toBeLessThanOrEqual(noticed.after.getTime());
      expect((await db.links.forBoard({ since })).find(({ link }) => link.id === 'B-other')?.lastReminder).toEqual({ reason: 'expiring', at: day(4) });
      const untouched = { firstViewAt: null, firstSessionAt: null, lastSessionAt: null, sessions: 0, lastReminder: null, finished: [] };
      expect(of('B-failed')).toEqual({ link: await placed('B-failed'), ...untouched });
      expect(of('B-failed')?.link).toMatchObject({ outcome: 'failed', orgId: null, orgQuery: 'acmee' });
    });

    it('lists the events of some organizations, newest first', async () => {
      const event = (id: string, orgId: string, occurredAt: Date) => db.orgEvents.record({ id, orgId, type: 'organization.sso_enabled', occurredAt });
      await event('evt_board_1', 'org_board', day(2));
      await event('evt_board_2', 'org_board2', day(4));
      await event('evt_board_3', 'org_board', day(3));
      await event('evt_board_4', 'org_board3', day(5));
      const read = await db.orgEvents.forOrgs(['org_board', 'org_board2', 'org_board_none']);
      expect(read.map(({ id }) => id)).toEqual(['evt_board_2', 'evt_board_3', 'evt_board_1']);
      expect(read[0]).toMatchObject({ orgId: 'org_board2', type: 'organization.sso_enabled', occurredAt: day(4), receivedAt: expect.any(Date) });
      expect((await db.orgEvents.forOrgs(['org_board3'])).map(({ id }) => id)).toEqual(['evt_board_4']);
      expect(await db.orgEvents.forOrgs([])).toEqual([]);
      // More organizations than SQLite binds parameters in one statement.
      const many = [...Array.from({ length: 1_200 }, (_, i) => `org_none_${i}`), 'org_board', 'org_board2'];
      expect((await db.orgEvents.forOrgs(many)).map(({ id }) => id)).toEqual(['evt_board_2', 'evt_board_3', 'evt_board_1']);
      expect([...(await db.reminders.partsDoneByOrg(many)).keys()]).toEqual(['org_board']);
    });
  });

  describe('audit listings', () => {
    // Links of one auditor's issuer only, so the links written by other cases stay out of view.
    const ours = { issuerId: 'U0AUDIT' };
    const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 9, day, hour));

    beforeAll(async () => {
      await db.links.create(newLink({ ...ours, id: 'A1', createdAt: at(1) }));
      await db.links.create(newLink({ ...ours, id: 'A2', createdAt: at(2), kind: 'direct', orgId: 'org_globex' }));
      await db.links.create(failedAttempt({ ...ours, id: 'A3', createdAt: at(2), failureReason: 'no such customer' }));
      await db.links.create(newLink({ ...ours, id: 'A4', createdAt: at(3) }));
      await db.links.addEvent({ linkId: 'A1', type: 'viewed', detail: null, actor: null, createdAt: at(4) });
      await db.links.addEvent({ linkId: 'A2', type: 'viewed', detail: null, actor: null, createdAt: at(4) });
      await db.links.addEvent({ linkId: 'A4', type: 'revoked', detail: null, actor: 'U8', createdAt: at(5) });
      await db.links.addEvent({ linkId: 'A1', type: 'session_minted', detail: null, actor: null, createdAt: at(6) });
    });

    it('combines filters on links, with a range from since (inclusive) to until (exclusive)', async () => {
      const ids = async (filter: Omit<Parameters<Database['links']['recent']>[0], 'limit'>) => (await db.links.recent({ ...ours, ...filter, limit: 100 })).map((l) => l.id);
      expect(await ids({})).toEqual(['A4', 'A3', 'A2', 'A1']);
      expect(await ids({ orgId: 'org_acme', outcome: 'issued' })).toEqual(['A4', 'A1']);
      expect(await ids({ outcome: 'failed' })).toEqual(['A3']);
      expect(await ids({ kind: 'direct' })).toEqual(['A2']);
      expect(await ids({ since: at(2), until: at(3) })).toEqual(['A3', 'A2']);
    });

    it('pages links newest first: each page starts after the last link of the one before, ties broken by id', async () => {
      const first = await db.links.recent({ ...ours, limit: 2 });
      const last = first[1] as { createdAt: Date; id: string };
      expect(first.map((l) => l.id)).toEqual(['A4', 'A3']);
      expect((await db.links.recent({ ...ours, limit: 2, before: last })).map((l) => l.id)).toEqual(['A2', 'A1']);
    });

    it('lists events across links, oldest first, by what their links are, by type and time, page after page', async () => {
      const log = (filter: Omit<Parameters<Database['links']['eventLog']>[0], 'limit' | 'links'>, links = {}) =>
        db.links.eventLog({ ...filter, links: { ...ours, ...links }, limit: 100 });
      const all = await log({});
      expect(all.map((e) => [e.linkId, e.type])).toEqual([['A1', 'viewed'], ['A2', 'viewed'], ['A4', 'revoked'], ['A1', 'session_minted']]);
      expect(all[2]).toMatchObject({ actor: 'U8', createdAt: at(5) });
      expect((await log({ type: 'viewed' })).map((e) => e.linkId)).toEqual(['A1', 'A2']);
      expect((await log({}, { kind: 'direct' })).map((e) => e.linkId)).toEqual(['A2']);
      expect((await log({ linkId: 'A1', since: at(5) })).map((e) => e.type)).toEqual(['session_minted']);
      expect((await log({ until: at(5) })).map((e) => e.type)).toEqual(['viewed', 'viewed']);
      const page = await db.links.eventLog({ links: ours, limit: 1, after: all[0] as { createdAt: Date; id: number } });
      expect(page.map((e) => e.linkId)).toEqual(['A2']);
    });
  });

  describe('the audit chain', () => {
    it('seals every link, event and mapping change written so far into the chain, once, and the trail verifies intact', async () => {
      const rows = (await count('Link')) + (await count('LinkEvent')) + (await count('MappingChange'));
      expect(rows).toBeGreaterThan(10);
      expect(await db.audit.pending()).toBe(rows);
      expect(await verifyTrail(db.audit)).toMatchObject({ intact: true, entries: 0, pending: rows });
      expect(await db.audit.seal()).toBe(rows);
      expect(await db.audit.seal()).toBe(0);
      expect(await verifyTrail(db.audit)).toMatchObject({ intact: true, entries: rows, head: { seq: rows }, pending: 0 });
    });

    it('prunes the oldest inactive links with their events, in batches, and the trail still verifies', async () => {
      const links = await count('Link');
      const events = await count('LinkEvent');
      const later = new Date('2100-01-01T00:00:00Z');
      const first = await db.audit.prune({ lastActivityBefore: later, limit: 2 });
      expect(first.links).toBe(2);
      expect(await count('Link')).toBe(links - 2);
      expect(await count('LinkEvent')).toBe(events - first.events);
      expect(await verifyTrail(db.audit)).toMatchObject({ intact: true });
      while ((await db.audit.prune({ lastActivityBefore: later, limit: 50 })).links > 0);
      expect(await count('Link')).toBe(0);
      expect(await count('LinkEvent')).toBe(0);
      expect(await verifyTrail(db.audit)).toMatchObject({ intact: true });
    });
  });

  // Last: the links it writes would show in the listings above.
  it('checks that links can be written without writing one, and keeps every link written meanwhile', async () => {
    const before = await count('Link');
    // Interleaved on one event loop: a check's work must never take a link written at the same moment with it.
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => [db.checkLinkWrites(), db.links.create(newLink({ id: `CHECKED-${i}`, tokenHash: `checked-${i}` }))]).flat(),
    );
    expect(await count('Link')).toBe(before + 100);
  });
});
