import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/ports.js';
import { openDatabase } from '../../src/db/client.js';
import { checksum, defaultMigrationsDir } from '../../src/db/migrate.js';
import { databaseKinds, rawQuery, type TestDatabase } from '../helpers/database.js';
import { newLink } from '../helpers/fixtures.js';

const INIT = '20261125000000_init';
const LINK_SCOPE = '20261130010000_link_scope';
const MIGRATIONS = [INIT, '20261125035609_org_events', '20261125050000_setup_notices', LINK_SCOPE, '20261130020000_link_replacement', '20261130030000_outbox', '20261130040000_reminders', '20261130050000_audit_chain', '20261130060000_audit_indexes', '20261130070000_rate_limits'];

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
        await (await openDatabase(other.url, { migrationsDir: initOnly, startChain: false })).close();
        // By hand: this bot's client also records the change, in a table the old schema does not have.
        await rawQuery(other, `INSERT INTO "OrgMapping" ("alias", "orgId", "displayName", "createdBy", "updatedAt") VALUES ('acme', 'org_acme', 'Acme', 'U1', CURRENT_TIMESTAMP)`);
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

    it('adds the link scope to a database with links, which then offer the whole portal', async () => {
      const other = await create();
      const beforeScopes = mkdtempSync(join(tmpdir(), 'sso-migrations-'));
      try {
        for (const name of MIGRATIONS.slice(0, MIGRATIONS.indexOf(LINK_SCOPE))) {
          cpSync(join(defaultMigrationsDir(kind), name), join(beforeScopes, name), { recursive: true });
        }
        await (await openDatabase(other.url, { migrationsDir: beforeScopes, startChain: false })).close();
        // By hand: this bot's client would write the new column, which the table does not have yet.
        await rawQuery(
          other,
          `INSERT INTO "Link" ("id", "kind", "outcome", "teamId", "issuerId", "issuerName", "orgQuery", "orgId", "orgName", "tokenHash", "expiresAt")
           VALUES ('L-old', 'hosted', 'issued', 'T1', 'U1', 'ada', 'acme', 'org_acme', 'Acme', 'hash-old', CURRENT_TIMESTAMP)`,
        );
        const upgraded = await openDatabase(other.url);
        try {
          expect(await upgraded.links.findById('L-old')).toMatchObject({ id: 'L-old', orgId: 'org_acme', tokenHash: 'hash-old', scope: 'all' });
          await upgraded.links.create(newLink({ id: 'L-new', scope: 'directory' }));
          expect((await upgraded.links.recent({ orgId: 'org_acme', scopes: ['directory'], limit: 5 })).map((link) => link.id)).toEqual(['L-new']);
        } finally {
          await upgraded.close();
        }
      } finally {
        rmSync(beforeScopes, { recursive: true, force: true });
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
});
