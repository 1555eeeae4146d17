// The messages the bot owes, through the real bot, database and emulators: a Slack outage and a
// restart in between lose nothing and send nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { commandAt, findLink, ORGS, startFakes, USERS, type Fakes } from './helpers/bot.js';
import { databaseKinds, rawQuery, type TestDatabase } from './helpers/database.js';

const MINUTE = 60_000;

describe.each(databaseKinds)('the outbox, on $kind', ({ create }) => {
  let fakes: Fakes;
  let database: TestDatabase;
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const start = () => startBot(loadConfig({ ...fakes.env(database.url), LOG_LEVEL: 'error' }), createLogger('error'), { now, outboxEveryMs: 50 });

  beforeAll(async () => {
    [fakes, database] = await Promise.all([startFakes(), create()]);
  });

  afterAll(async () => {
    await fakes?.close();
    await database?.drop();
  });

  const command = async (bot: RunningBot, text: string, userId: string, channelId: string) =>
    expect((await commandAt(fakes.slack, `http://127.0.0.1:${bot.port}`, text, { userId, channelId })).status).toBe(200);
  const attempts = async () => (await rawQuery<{ attempts: number }>(database, 'SELECT "attempts" FROM "OutboxMessage"')).map((row) => Number(row.attempts));
  const posts = (to: (args: Record<string, unknown>) => boolean) =>
    fakes.slack.callsTo('chat.postMessage').filter((call) => to(call.args) && String(call.args.text).includes('set up single sign-on'));

  it('keeps a setup-finished message through a ten-minute Slack outage and a restart, then sends it once to the issuer and the thread', async () => {
    let bot = await start();
    await command(bot, `map acme ${ORGS.acme.id}`, USERS.admin.id, 'C0GENERAL');
    await command(bot, 'acme --post', USERS.csm.id, 'C0ACME');
    const posted = await fakes.slack.waitForCall('chat.postMessage', (call) => call.args.channel === 'C0ACME');
    const link = findLink(JSON.stringify(posted.args));
    expect(link).toBeDefined();

    for (let i = 0; i < 500; i++) fakes.slack.failNext('chat.postMessage', 'internal_error');
    const report = await fetch(`http://127.0.0.1:${bot.port}${link?.path}/events`, { method: 'POST', body: JSON.stringify({ event: 'ORGANIZATION_SSO_ENABLED' }) });
    expect(report.status).toBe(204);
    await expect.poll(attempts).toEqual([1, 1]);
    offsetMs += 5 * MINUTE;
    await expect.poll(async () => Math.min(...(await attempts()))).toBe(2);
    await bot.stop();

    offsetMs += 5 * MINUTE;
    fakes.slack.reset();
    bot = await start();
    try {
      await expect.poll(() => posts((args) => args.channel === USERS.csm.id).length).toBe(1);
      const [{ postedTs } = { postedTs: '' }] = await rawQuery<{ postedTs: string }>(database, 'SELECT "postedTs" FROM "Link" WHERE "postedTs" IS NOT NULL');
      await expect.poll(() => posts((args) => args.channel === 'C0ACME' && args.thread_ts === postedTs).length).toBe(1);
      offsetMs += 60 * MINUTE;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(posts(() => true)).toHaveLength(2);
      expect(await rawQuery(database, `SELECT "status" FROM "OutboxMessage" WHERE "status" <> 'sent'`)).toEqual([]);
    } finally {
      await bot.stop();
    }
  });
});
