// The program as scripts run it: what it prints on stderr and the exit status they can act on.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { createSqliteDatabase, databaseKinds, rawQuery, type TestDatabase } from '../helpers/database.js';
import { newLink } from '../helpers/fixtures.js';
import { runCli } from './run-cli.js';

function auditLog(argv: string[], databaseUrl: string) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], {
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('audit-log exit status', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createSqliteDatabase();
    const db = await openDatabase(database.url);
    await db.links.create(newLink({ id: 'L-one' }));
    await db.audit.seal();
    await db.close();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('prints the rows and exits 0', () => {
    const run = auditLog(['links', '--format', 'jsonl'], database.url);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(['L-one']);
  });

  it('prints the usage on request and exits 0, or on no command and exits 2', () => {
    expect(auditLog(['help'], database.url)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Usage: npm run audit-log/) as unknown });
    expect(auditLog([], database.url)).toMatchObject({ status: 2, stderr: expect.stringMatching(/^Usage: npm run audit-log/) as unknown });
  });

  it('exits 2 on a bad filter, naming the flag', () => {
    const run = auditLog(['links', '--since', 'yesterday'], database.url);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^--since must be an ISO date .*\n\nUsage: npm run audit-log/);
  });

  it('verifies the chain: exits 0 when intact, 5 naming the link whose record was edited', async () => {
    const intact = auditLog(['verify'], database.url);
    expect(intact).toMatchObject({ status: 0, stderr: '', stdout: expect.stringMatching(/^intact: 1 entries; head 1:[0-9a-f]{64}\n$/) as unknown });
    const kept = /head (\S+)/.exec(intact.stdout)?.[1] as string;
    expect(auditLog(['verify', '--head', kept], database.url).status).toBe(0);
    // A chain recomputed from entry 1 on no longer passes through the head kept before.
    const forged = auditLog(['verify', '--head', `1:${'0'.repeat(64)}`], database.url);
    expect(forged).toMatchObject({ status: 5, stderr: 'audit-log: entry 1 is not the one in the head you kept: the chain was rewritten up to there\n' });
    expect(auditLog(['verify', '--head', 'yesterday'], database.url).status).toBe(2);
    expect(auditLog(['verify', '--org', 'acme'], database.url).status).toBe(2);
    await rawQuery(database, `UPDATE "Link" SET "issuerName" = 'someone else' WHERE "id" = 'L-one'`);
    try {
      const broken = auditLog(['verify'], database.url);
      expect(broken).toMatchObject({ status: 5, stdout: '' });
      expect(broken.stderr).toBe('audit-log: link L-one was changed after it was recorded (0 entries before it are intact)\n');
    } finally {
      await rawQuery(database, `UPDATE "Link" SET "issuerName" = 'ada' WHERE "id" = 'L-one'`);
    }
  });

  it('exits 3 when the database is not there or does not answer', () => {
    const missing = auditLog(['links'], database.url.replace(/[^/]+$/, 'missing.db'));
    expect(missing).toMatchObject({ status: 3, stderr: expect.stringMatching(/there is no database at .*missing\.db/) as unknown });
    const unreachable = auditLog(['links'], 'postgresql://auditor:secret@127.0.0.1:1/bot');
    expect(unreachable.status).toBe(3);
    expect(unreachable.stderr).toContain('cannot read the database (postgresql://auditor:***@127.0.0.1:1/bot)');
    expect(unreachable.stderr).not.toContain('secret');
  });
});

describe.each(databaseKinds)('a database migrated by a newer release, on $kind', ({ create }) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await create();
    await (await openDatabase(database.url)).close();
    await rawQuery(
      database,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('future', 'x', '29990101000000_audit_chain', CURRENT_TIMESTAMP, 1)`,
    );
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('is refused with exit status 4, naming the migrations it does not know', async () => {
    await expect(runCli(['links'], { DATABASE_URL: database.url })).rejects.toThrow(
      'the database has migrations this version does not know (29990101000000_audit_chain); it was migrated by a newer release',
    );
    const run = auditLog(['summary'], database.url);
    expect(run.status).toBe(4);
    expect(run.stderr).toContain('29990101000000_audit_chain');
  });
});
