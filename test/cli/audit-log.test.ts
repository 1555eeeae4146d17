import { existsSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { databaseKinds, type TestDatabase } from '../helpers/database.js';
import { newLink } from '../helpers/fixtures.js';
import { runCli } from './run-cli.js';

/** Carl's, as `--issuer U0CSM` and the CSV's issuerName see them. */
const carls = { issuerId: 'U0CSM', issuerName: 'Carl CSM' };

describe.each(databaseKinds)('npm run audit-log on $kind', ({ kind, create }) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await create();
    env = { DATABASE_URL: database.url };
    const db = await openDatabase(database.url);
    await db.links.create(
      newLink({ ...carls, id: 'L-first', tokenHash: 'h1', note: 'call with "Dana", Bob', scope: 'directory', createdAt: new Date('2026-11-20T10:00:00Z') }),
    );
    await db.links.create(newLink({ ...carls, id: 'L-second', tokenHash: 'h2', issuerId: 'U0OTHER', createdAt: new Date('2026-11-21T10:00:00Z') }));
    await db.links.addEvent({ linkId: 'L-first', type: 'viewed', detail: null, actor: null, createdAt: new Date('2026-11-20T11:00:00Z') });
    await db.links.addEvent({ linkId: 'L-first', type: 'portal_event', detail: 'ORGANIZATION_SSO_ENABLED', actor: 'page', createdAt: new Date('2026-11-20T11:05:00Z') });
    await db.close();
  });

  afterAll(async () => {
    await database?.drop();
  });

    it('exports links as CSV, quoting what needs quoting', async () => {
      const rows = parse(await runCli(['links', '--format', 'csv'], env), { columns: true }) as Array<Record<string, string>>;
      expect(rows.map((row) => row.id)).toEqual(['L-second', 'L-first']);
      expect(rows[1]).toMatchObject({ note: 'call with "Dana", Bob', views: '1', reportedEvents: 'ORGANIZATION_SSO_ENABLED', issuerName: 'Carl CSM' });
      expect(rows.map((row) => [row.id, row.kind, row.scope])).toEqual([
        ['L-second', 'hosted', 'all'],
        ['L-first', 'hosted', 'directory'],
      ]);
    });

    it('shows what each link sets up in a column of the table', async () => {
      const [header, ...lines] = (await runCli(['links'], env)).trimEnd().split('\n');
      const columns = header?.split(/\s+/) ?? [];
      expect(columns.slice(columns.indexOf('kind'), columns.indexOf('kind') + 2)).toEqual(['kind', 'scope']);
      expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(['L-second', 'L-first']);
      expect(lines[1]).toMatch(/\shosted\s+directory\s/);
    });

    it('filters by issuer and prints JSON', async () => {
      const rows = JSON.parse(await runCli(['links', '--issuer', 'U0CSM', '--format', 'json'], env)) as Array<{ id: string }>;
      expect(rows.map((row) => row.id)).toEqual(['L-first']);
    });

    it("lists one link's events as a table", async () => {
      const table = await runCli(['events', 'L-first'], env);
      expect(table.split('\n')[0]).toMatch(/^at\s+type\s+detail\s+actor$/);
      expect(table).toContain('portal_event');
      expect(table).toContain('ORGANIZATION_SSO_ENABLED');
    });

    it('explains bad input', async () => {
      await expect(runCli(['events', 'L-nope'], env)).rejects.toThrow('there is no link L-nope');
      await expect(runCli(['links', '--limit', 'lots'], env)).rejects.toThrow('--limit must be a whole number');
      await expect(runCli(['links', '--format', 'xml'], env)).rejects.toThrow('--format must be one of table, csv, json, jsonl (not xml)');
      await expect(runCli(['frobnicate'], env)).rejects.toThrow('unknown command frobnicate');
    });

    it('names the link that replaced another, whose events say who replaced it', async () => {
      const db = await openDatabase(database.url);
      const at = new Date('2026-11-22T10:00:00Z');
      await db.links.replace({ linkId: 'L-second', fresh: newLink({ ...carls, id: 'L-third', tokenHash: 'h3', createdAt: at }), posted: null, by: 'U0ADMIN', at });
      await db.close();
      const rows = JSON.parse(await runCli(['links', '--format', 'json'], env)) as Array<Record<string, string | null>>;
      expect(rows.map((row) => [row.id, row.replacedBy, row.revokedBy])).toEqual([
        ['L-third', null, null],
        ['L-second', 'L-third', 'U0ADMIN'],
        ['L-first', null, null],
      ]);
      expect(await runCli(['events', 'L-second'], env)).toMatch(/replaced\s+L-third\s+U0ADMIN/);
    });

    it.runIf(kind === 'sqlite')('never creates a database where there is none', async () => {
      const missing = database.url.replace(/[^/]+$/, 'missing.db');
      await expect(runCli(['links'], { DATABASE_URL: missing })).rejects.toThrow(/there is no database at .*missing\.db/);
      expect(existsSync(missing.slice('file:'.length))).toBe(false);
    });
});
