// Several bot processes on one PostgreSQL database, as replicas behind a load balancer run, driven
// at once.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWebhookSecret, webhookHeaders } from '../emulators/scalekit/server.js';
import { sendSlashCommand } from '../emulators/slack/index.js';
import { emptyFolder, runningPort, startBotProcess, type BotProcess } from './helpers/bot-process.js';
import { commandAt, findLink, findLinkId, messageText, ORGS, SIGNING_SECRET, startFakes, TEAM_ID, USERS, type Fakes } from './helpers/bot.js';
import { createPostgresDatabase, rawQuery, type TestDatabase } from './helpers/database.js';
import { trackChildren, waitForExit } from './helpers/processes.js';

const track = trackChildren();

const REPLICAS = 3;
/** Hosted links issued across the replicas in one burst. */
const BURST = 1_000;
/** Requests in flight at once while driving the replicas. */
const IN_FLIGHT = 24;
/** The channel the burst is issued in, to tell its links from the other tests'. */
const BURST_CHANNEL = 'C0BURST';

/** Runs `task` for 0..total-1, `inFlight` at a time; the results in order. */
async function inParallel<T>(total: number, inFlight: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

describe('three bot processes on one PostgreSQL database', () => {
  const secret = generateWebhookSecret();
  const folder = emptyFolder();
  let fakes: Fakes;
  let database: TestDatabase;
  const bots: Array<{ child: BotProcess; url: string; lines: string[] }> = [];
  const bot = (i: number) => bots[i % REPLICAS] as (typeof bots)[0];

  beforeAll(async () => {
    [fakes, database] = await Promise.all([startFakes(), createPostgresDatabase()]);
    // All sweep every second for links unopened after two seconds, so that their sweeps meet.
    const env = { ...fakes.env(database.url), SCALEKIT_WEBHOOK_SECRET: secret, REMINDER_CHECK_EVERY: '1s', REMIND_UNOPENED_AFTER: '2s', LOG_LEVEL: 'info' };
    // Started together: one migrates the database, the others wait for it and find it migrated.
    const children = Array.from({ length: REPLICAS }, () => track(startBotProcess(env, folder)));
    const started = await Promise.all(
      children.map(async (child) => {
        const lines: string[] = [];
        // Three starting at once on two cores take a while.
        return { child, lines, url: `http://127.0.0.1:${await runningPort(child, lines, 50_000)}` };
      }),
    );
    bots.push(...started);
  }, 90_000);

  afterAll(async () => {
    for (const { child, lines } of bots) {
      child.kill('SIGTERM');
      await waitForExit(child, { what: 'a replica', timeoutMs: 30_000, lines });
    }
    await fakes?.close();
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  const command = async (appUrl: string, text: string, userId: string) => (await commandAt(fakes.slack, appUrl, text, { userId })).all;
  const issuedIds = async () => (await rawQuery<{ id: string }>(database, `SELECT "id" FROM "Link" WHERE "outcome" = 'issued'`)).map(({ id }) => id).sort();

  it('applies the migrations once', async () => {
    const applied = await rawQuery<{ migration_name: string }>(database, 'SELECT "migration_name" FROM "_prisma_migrations"');
    const names = applied.map((row) => row.migration_name);
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
  });

  it('send one setup-finished message when the page reports it to two and Scalekit to the third at the same moment', async () => {
    const [a, b, c] = [bot(0), bot(1), bot(2)];
    await command(a.url, `map acme ${ORGS.acme.id}`, USERS.admin.id);
    const link = findLink(await command(b.url, 'acme', USERS.csm.id));
    expect(link).toBeDefined();

    const body = JSON.stringify({
      id: 'evt_replicas',
      type: 'organization.sso_enabled',
      occurred_at: new Date().toISOString(),
      organization_id: ORGS.acme.id,
      data: {},
    });
    const report = (url: string) => fetch(`${url}${link?.path}/events`, { method: 'POST', body: JSON.stringify({ event: 'ORGANIZATION_SSO_ENABLED' }) });
    const [pageA, webhook, pageC] = await Promise.all([
      report(a.url),
      fetch(`${b.url}/webhooks/scalekit`, { method: 'POST', headers: webhookHeaders(secret, 'evt_replicas', body), body }),
      report(c.url),
    ]);
    expect([pageA.status, webhook.status, pageC.status]).toEqual([204, 200, 204]);

    const told = () => fakes.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === USERS.csm.id && String(call.args.text).includes('set up single sign-on'));
    await expect.poll(() => told().length, { timeout: 10_000 }).toBe(1);
    // Every worker keeps looking for a while: still one.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(told()).toHaveLength(1);
  });

  it(`issues ${BURST} hosted links across the three at once, none lost or doubled, each served by every replica`, async () => {
    const before = new Set(await issuedIds());
    const responseUrls = Array.from({ length: BURST }, () => fakes.slack.responseUrl());
    const acks = await inParallel(BURST, IN_FLIGHT, (i) =>
      sendSlashCommand({ appUrl: bot(i).url, signingSecret: SIGNING_SECRET, text: 'acme', userId: USERS.csm.id, teamId: TEAM_ID, channelId: BURST_CHANNEL, responseUrl: responseUrls[i] as string }),
    );
    expect(acks.filter((ack) => ack.status !== 200)).toEqual([]);

    // The emulator records every reply posted to a response URL: one each, each with its own link.
    const idOf = (url: string) => url.split('/').pop() as string;
    const ours = new Set(responseUrls.map(idOf));
    const replies = () => fakes.slack.responses.filter((post) => ours.has(post.id));
    await expect.poll(() => replies().length, { timeout: 90_000, interval: 200 }).toBeGreaterThanOrEqual(BURST);
    expect(replies()).toHaveLength(BURST);
    expect(new Set(replies().map((post) => post.id)).size).toBe(BURST);
    const links = replies().map((post) => findLink(messageText(post.body as { text?: string; blocks?: unknown[] })));
    expect(links.filter((link) => !link?.id)).toEqual([]);
    const ids = links.map((link) => link?.id as string);
    expect(new Set(ids).size).toBe(BURST);
    expect(new Set(links.map((link) => link?.token)).size).toBe(BURST);

    // The database holds exactly those, each once.
    const stored = await rawQuery<{ id: string }>(database, `SELECT "id" FROM "Link" WHERE "channelId" = $1`, [BURST_CHANNEL]);
    expect(stored.map(({ id }) => id).sort()).toEqual([...ids].sort());
    expect((await issuedIds()).filter((id) => !before.has(id)).sort()).toEqual([...ids].sort());

    // Every replica serves every link, whichever issued it.
    const pages = await inParallel(BURST * REPLICAS, IN_FLIGHT, async (i) => {
      const res = await fetch(`${bot(i).url}${links[Math.floor(i / REPLICAS)]?.path}`);
      await res.arrayBuffer();
      return res.status;
    });
    expect(pages.filter((status) => status !== 200)).toEqual([]);
  }, 240_000);

  it("spends a link's session budget across the replicas as one (20 per link)", async () => {
    const link = findLink(await command(bot(0).url, 'acme', USERS.csm.id));
    expect(link?.id).toBeDefined();
    // Each from its own address, at once, spread over the three.
    const statuses = await inParallel(30, 30, async (i) => {
      const res = await fetch(`${bot(i).url}${link?.path}/session`, { method: 'POST', body: '{}', headers: { 'x-forwarded-for': `198.51.100.${i}` } });
      await res.arrayBuffer();
      return res.status;
    });
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
    const minted = await rawQuery(database, `SELECT "id" FROM "LinkEvent" WHERE "linkId" = $1 AND "type" = 'session_minted'`, [link?.id]);
    expect(minted).toHaveLength(20);
    // Every replica now refuses it.
    for (let i = 0; i < REPLICAS; i++) expect((await fetch(`${bot(i).url}${link?.path}/session`, { method: 'POST', body: '{}' })).status).toBe(429);
  });

  it('send one reminder per link and reason, though all sweep', async () => {
    for (let i = 0; i < 6; i++) expect(findLinkId(await command(bot(i).url, 'acme', USERS.csm.id))).toBeDefined();
    const links = await issuedIds();
    expect(links).toHaveLength(BURST + 8);
    const reminded = () =>
      fakes.slack
        .callsTo('chat.postMessage')
        .map((call) => String(call.args.text))
        .filter((text) => text.startsWith('Reminder about'))
        .map((text) => text.split(' ')[2])
        .sort();
    await expect.poll(() => reminded().length, { timeout: 90_000, interval: 200 }).toBeGreaterThanOrEqual(links.length);
    // All keep sweeping for a while: still one each.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(reminded()).toEqual(links);
    const claims = await rawQuery<{ linkId: string; reason: string }>(database, 'SELECT "linkId", "reason" FROM "Reminder"');
    expect(claims.map(({ linkId, reason }) => `${linkId}:${reason}`).sort()).toEqual(links.map((id) => `${id}:unopened`));
  }, 120_000);
});
