// Two bot processes sweeping for reminders on one PostgreSQL database: each reminder goes out once.
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendSlashCommand } from '../emulators/slack/index.js';
import { emptyFolder, runningPort, startBotProcess, type BotProcess } from './helpers/bot-process.js';
import { findLinkId, ORGS, SIGNING_SECRET, startFakes, TEAM_ID, USERS, type Fakes } from './helpers/bot.js';
import { createPostgresDatabase, rawQuery, type TestDatabase } from './helpers/database.js';
import { trackChildren } from './helpers/processes.js';

const track = trackChildren();
const LINKS = 6;

describe('two bot processes sweeping for reminders on one PostgreSQL database', () => {
  const folder = emptyFolder();
  let fakes: Fakes;
  let database: TestDatabase;
  const bots: Array<{ child: BotProcess; url: string }> = [];

  beforeAll(async () => {
    [fakes, database] = await Promise.all([startFakes(), createPostgresDatabase()]);
    // Both look every second for links unopened after two seconds, so that their sweeps meet.
    const env = { ...fakes.env(database.url), REMINDER_CHECK_EVERY: '1s', REMIND_UNOPENED_AFTER: '2s', LOG_LEVEL: 'info' };
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

  const command = async (appUrl: string, text: string, userId: string) => {
    const responseUrl = fakes.slack.responseUrl();
    await sendSlashCommand({ appUrl, signingSecret: SIGNING_SECRET, text, userId, teamId: TEAM_ID, channelId: 'C0GENERAL', responseUrl });
    return JSON.stringify((await fakes.slack.waitForResponse((post) => post.id === responseUrl.split('/').pop())).body);
  };

  it('sends one reminder per link and reason', async () => {
    const [a, b] = bots as [(typeof bots)[0], (typeof bots)[0]];
    await command(a.url, `map acme ${ORGS.acme.id}`, USERS.admin.id);
    const ids: string[] = [];
    for (let i = 0; i < LINKS; i++) ids.push(findLinkId(await command(i % 2 ? a.url : b.url, 'acme', USERS.csm.id)) ?? '');
    const reminders = () => fakes.slack.callsTo('chat.postMessage').filter((call) => String(call.args.text).startsWith('Reminder about'));
    await expect.poll(() => reminders().length, { timeout: 15_000 }).toBe(LINKS);
    // Both keep sweeping for a while: still one each.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(reminders().map((call) => String(call.args.text).split(' ')[2]).sort()).toEqual([...ids].sort());
    const claims = await rawQuery<{ linkId: string; reason: string }>(database, 'SELECT "linkId", "reason" FROM "Reminder"');
    expect(claims.map(({ linkId, reason }) => `${linkId}:${reason}`).sort()).toEqual(ids.map((id) => `${id}:unopened`).sort());
  });
});
