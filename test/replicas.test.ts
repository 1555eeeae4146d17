// Several bot processes on one PostgreSQL database, as replicas behind a load balancer run.
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWebhookSecret, webhookHeaders } from '../emulators/scalekit/server.js';
import { emptyFolder, runningPort, startBotProcess, type BotProcess } from './helpers/bot-process.js';
import { commandAt, findLink, findLinkId, ORGS, startFakes, USERS, type Fakes } from './helpers/bot.js';
import { createPostgresDatabase, rawQuery, type TestDatabase } from './helpers/database.js';
import { trackChildren } from './helpers/processes.js';

const track = trackChildren();

describe('two bot processes on one PostgreSQL database', () => {
  const secret = generateWebhookSecret();
  const folder = emptyFolder();
  let fakes: Fakes;
  let database: TestDatabase;
  const bots: Array<{ child: BotProcess; url: string }> = [];

  beforeAll(async () => {
    [fakes, database] = await Promise.all([startFakes(), createPostgresDatabase()]);
    // Both sweep every second for links unopened after two seconds, so that their sweeps meet.
    const env = { ...fakes.env(database.url), SCALEKIT_WEBHOOK_SECRET: secret, REMINDER_CHECK_EVERY: '1s', REMIND_UNOPENED_AFTER: '2s', LOG_LEVEL: 'info' };
    // The first migrates the database; the second finds it migrated.
    for (let i = 0; i < 2; i++) {
      const child = track(startBotProcess(env, folder));
      bots.push({ child, url: `http://127.0.0.1:${await runningPort(child)}` });
    }
  }, 60_000);

  afterAll(async () => {
    for (const { child } of bots) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await fakes?.close();
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  const command = async (appUrl: string, text: string, userId: string) => (await commandAt(fakes.slack, appUrl, text, { userId })).all;

  it('send one setup-finished message when the page reports it to one and Scalekit to the other at the same moment', async () => {
    const [a, b] = bots as [(typeof bots)[0], (typeof bots)[0]];
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
    const [page, webhook] = await Promise.all([
      fetch(`${a.url}${link?.path}/events`, { method: 'POST', body: JSON.stringify({ event: 'ORGANIZATION_SSO_ENABLED' }) }),
      fetch(`${b.url}/webhooks/scalekit`, { method: 'POST', headers: webhookHeaders(secret, 'evt_replicas', body), body }),
    ]);
    expect([page.status, webhook.status]).toEqual([204, 200]);

    const told = () => fakes.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === USERS.csm.id && String(call.args.text).includes('set up single sign-on'));
    await expect.poll(() => told().length, { timeout: 10_000 }).toBe(1);
    // Both workers keep looking for a while: still one.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(told()).toHaveLength(1);
  });

  it('send one reminder per link and reason, though both sweep', async () => {
    const [a, b] = bots as [(typeof bots)[0], (typeof bots)[0]];
    for (let i = 0; i < 6; i++) expect(findLinkId(await command(i % 2 ? a.url : b.url, 'acme', USERS.csm.id))).toBeDefined();
    const links = (await rawQuery<{ id: string }>(database, `SELECT "id" FROM "Link" WHERE "outcome" = 'issued'`)).map(({ id }) => id).sort();
    expect(links).toHaveLength(7);
    const reminded = () =>
      fakes.slack
        .callsTo('chat.postMessage')
        .map((call) => String(call.args.text))
        .filter((text) => text.startsWith('Reminder about'))
        .map((text) => text.split(' ')[2])
        .sort();
    await expect.poll(() => reminded().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(links.length);
    // Both keep sweeping for a while: still one each.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(reminded()).toEqual(links);
    const claims = await rawQuery<{ linkId: string; reason: string }>(database, 'SELECT "linkId", "reason" FROM "Reminder"');
    expect(claims.map(({ linkId, reason }) => `${linkId}:${reason}`).sort()).toEqual(links.map((id) => `${id}:unopened`));
  });
});
