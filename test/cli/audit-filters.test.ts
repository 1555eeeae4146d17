import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { databaseKinds, type TestDatabase } from '../helpers/database.js';
import { failedAttempt, newLink } from '../helpers/fixtures.js';
import { runCli } from './run-cli.js';

// The commands run on 2026-11-25 (see run-cli.ts).
const day = (date: string) => new Date(`2026-11-${date}Z`);
const live = { expiresAt: day('30T00:00:00') };
const carl = { issuerId: 'U0CARL', issuerName: 'Carl' };
const dana = { issuerId: 'U0DANA', issuerName: 'Dana' };
const globex = { orgId: 'org_globex', orgName: 'Globex' };

describe.each(databaseKinds)('audit-log filters on $kind', ({ create }) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const json = async (argv: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    JSON.parse(await runCli([...argv, '--format', 'json'], { ...env, ...extraEnv })) as Array<Record<string, string | number | null>>;
  const ids = async (argv: string[], extraEnv: NodeJS.ProcessEnv = {}) => (await json(['links', ...argv], extraEnv)).map((row) => row.id);
  const events = async (argv: string[]) => (await json(['events', ...argv])).map((row) => `${row.linkId} ${row.type}`);

  beforeAll(async () => {
    database = await create();
    env = { DATABASE_URL: database.url };
    const db = await openDatabase(database.url);
    await db.mappings.save({ alias: 'acme', orgId: 'org_acme', externalId: null, displayName: 'Acme', createdBy: 'U0ADMIN' });
    await db.links.create(newLink({ ...carl, ...live, id: 'L-live', createdAt: day('20T00:00:00') }));
    await db.links.create(newLink({ ...dana, id: 'L-exp', kind: 'direct', createdAt: day('01T00:00:00') }));
    await db.links.create(newLink({ ...carl, ...live, ...globex, id: 'L-rev', createdAt: day('22T00:00:00') }));
    await db.links.create(newLink({ ...dana, ...live, id: 'L-rep', createdAt: day('10T00:00:00') }));
    await db.links.create(failedAttempt({ ...dana, id: 'L-fail', failureReason: 'no such customer', createdAt: day('24T00:00:00') }));
    await db.links.create(newLink({ ...carl, ...live, id: 'L-max', createdAt: day('21T00:00:00') }));
    await db.links.addEvent({ linkId: 'L-live', type: 'viewed', detail: null, actor: null, createdAt: day('20T12:00:00') });
    await db.links.addEvent({ linkId: 'L-max', type: 'session_minted', detail: null, actor: null, createdAt: day('21T12:00:00') });
    await db.links.addEvent({ linkId: 'L-max', type: 'session_minted', detail: null, actor: null, createdAt: day('21T13:00:00') });
    await db.links.revoke({ linkId: 'L-rev', by: 'U0CARL', at: day('22T12:00:00') });
    const at = day('23T00:00:00');
    await db.links.replace({ linkId: 'L-rep', fresh: newLink({ ...dana, ...live, id: 'L-new', createdAt: at }), posted: null, by: 'U0DANA', at });
    await db.close();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('lists every link newest first, without a limit', async () => {
    expect(await ids([])).toEqual(['L-fail', 'L-new', 'L-rev', 'L-max', 'L-live', 'L-rep', 'L-exp']);
  });

  it('filters links by organization (id or mapped alias), issuer, outcome and kind, combined', async () => {
    expect(await ids(['--org', 'acme'])).toEqual(['L-new', 'L-max', 'L-live', 'L-rep', 'L-exp']);
    expect(await ids(['--org', 'org_acme'])).toEqual(await ids(['--org', 'acme']));
    expect(await ids(['--org', 'acme', '--issuer', 'U0CARL'])).toEqual(['L-max', 'L-live']);
    expect(await ids(['--outcome', 'failed'])).toEqual(['L-fail']);
    expect(await ids(['--kind', 'direct'])).toEqual(['L-exp']);
    expect(await ids(['--org', 'globex'])).toEqual([]);
    expect(await ids(['--org', 'org_globex', '--outcome', 'issued'])).toEqual(['L-rev']);
  });

  it('filters links by when they were issued: --since inclusive, --until exclusive, dates or durations ago', async () => {
    expect(await ids(['--since', '2026-11-21', '--until', '2026-11-23'])).toEqual(['L-rev', 'L-max']);
    expect(await ids(['--since', '3d'])).toEqual(['L-fail', 'L-new', 'L-rev']);
    expect(await ids(['--until', '2026-11-10T00:00:01Z'])).toEqual(['L-rep', 'L-exp']);
  });

  it('filters links by their state now, exhausted only under the cap LINK_MAX_SESSIONS names', async () => {
    expect(await ids(['--state', 'live'])).toEqual(['L-new', 'L-max', 'L-live']);
    expect(await ids(['--state', 'live'], { LINK_MAX_SESSIONS: '2' })).toEqual(['L-new', 'L-live']);
    expect(await ids(['--state', 'exhausted'], { LINK_MAX_SESSIONS: '2' })).toEqual(['L-max']);
    expect(await ids(['--state', 'expired'])).toEqual(['L-exp']);
    expect(await ids(['--state', 'revoked'])).toEqual(['L-rev']);
    expect(await ids(['--state', 'replaced'])).toEqual(['L-rep']);
    expect(await ids(['--state', 'failed'])).toEqual(['L-fail']);
    expect((await json(['links', '--org', 'globex'])).map((row) => row.state)).toEqual([]);
    expect((await json(['links', '--issuer', 'U0CARL'], { LINK_MAX_SESSIONS: '2' })).map((row) => [row.id, row.state])).toEqual([
      ['L-rev', 'revoked'],
      ['L-max', 'exhausted'],
      ['L-live', 'live'],
    ]);
    await expect(runCli(['links', '--state', 'exhausted'], env)).rejects.toThrow('--state exhausted needs LINK_MAX_SESSIONS');
  });

  it('stops at --limit, counting only links that pass every filter', async () => {
    expect(await ids(['--limit', '2'])).toEqual(['L-fail', 'L-new']);
    expect(await ids(['--state', 'live', '--limit', '2'])).toEqual(['L-new', 'L-max']);
  });

  it('lists events across links, oldest first, by their links, type and time', async () => {
    expect(await events([])).toEqual(['L-live viewed', 'L-max session_minted', 'L-max session_minted', 'L-rev revoked', 'L-rep replaced']);
    expect(await events(['--type', 'session_minted'])).toEqual(['L-max session_minted', 'L-max session_minted']);
    expect(await events(['--org', 'globex'])).toEqual([]);
    expect(await events(['--org', 'org_globex'])).toEqual(['L-rev revoked']);
    expect(await events(['--issuer', 'U0DANA', '--kind', 'hosted'])).toEqual(['L-rep replaced']);
    expect(await events(['--since', '2026-11-22'])).toEqual(['L-rev revoked', 'L-rep replaced']);
    expect(await events(['--org', 'acme', '--until', '2026-11-21T12:30:00Z'])).toEqual(['L-live viewed', 'L-max session_minted']);
    expect(await events(['--outcome', 'failed'])).toEqual([]);
    expect(await events(['--limit', '1'])).toEqual(['L-live viewed']);
    const oneLink = await json(['events', 'L-max', '--since', '2026-11-21T12:30:00Z']);
    expect(oneLink).toEqual([{ at: '2026-11-21T13:00:00.000Z', type: 'session_minted', detail: null, actor: null }]);
  });

  it('writes the same rows as CSV, JSON and JSON lines', async () => {
    const asJson = await json(['links', '--org', 'acme']);
    const jsonl = (await runCli(['links', '--org', 'acme', '--format', 'jsonl'], env)).trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(jsonl).toEqual(asJson);
    const csv = parse(await runCli(['links', '--org', 'acme', '--format', 'csv'], env), { columns: true }) as Array<Record<string, string>>;
    expect(csv.map((row) => [row.id, row.state, row.views])).toEqual(asJson.map((row) => [row.id, row.state, String(row.views)]));
    const eventsCsv = parse(await runCli(['events', '--format', 'csv'], env), { columns: true }) as Array<Record<string, string>>;
    expect(eventsCsv.map((row) => `${row.linkId} ${row.type}`)).toEqual(await events([]));
  });

  it('counts links per organization, issuer, outcome and state over a range', async () => {
    const counts = async (argv: string[]) => (await json(['summary', ...argv])).map((row) => `${row.by} ${row.value}: ${row.links}`);
    expect(await counts([])).toEqual([
      'all links: 7',
      'org org_acme (Acme): 5',
      'org (no organization): 1',
      'org org_globex (Globex): 1',
      'issuer U0DANA (Dana): 4',
      'issuer U0CARL (Carl): 3',
      'outcome issued: 6',
      'outcome failed: 1',
      'state live: 3',
      'state expired: 1',
      'state failed: 1',
      'state replaced: 1',
      'state revoked: 1',
    ]);
    expect(await counts(['--since', '2026-11-21', '--until', '2026-11-23', '--org', 'acme'])).toEqual([
      'all links: 1',
      'org org_acme (Acme): 1',
      'issuer U0CARL (Carl): 1',
      'outcome issued: 1',
      'state live: 1',
    ]);
  });

  it('names the flag of a bad filter', async () => {
    const refused = (argv: string[], message: string) => expect(runCli(argv, env)).rejects.toThrow(message);
    await refused(['links', '--since', 'yesterday'], '--since must be an ISO date such as 2026-03-01 or a duration such as 30d (not yesterday)');
    await refused(['links', '--until', '2026-13-45'], '--until must be an ISO date');
    await refused(['links', '--since', '2026-11-02', '--until', '2026-11-01'], '--since must be before --until');
    await refused(['links', '--outcome', 'won'], '--outcome must be one of issued, failed (not won)');
    await refused(['links', '--kind', 'email'], '--kind must be one of hosted, direct (not email)');
    await refused(['links', '--state', 'dead'], '--state must be one of live, expired, revoked, replaced, exhausted, failed (not dead)');
    await refused(['events', '--type', 'clicked'], '--type must be one of viewed, session_minted');
    await refused(['events', '--state', 'live'], '--state applies to links and summary only');
    await refused(['links', '--type', 'viewed'], '--type applies to events only');
    await refused(['links', '--limit', '0'], '--limit must be a whole number of at least 1 (not 0)');
    await refused(['links', '--colour', 'red'], "Unknown option '--colour'");
    await refused(['links', 'L-live'], 'unexpected L-live');
  });
});
