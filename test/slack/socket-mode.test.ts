// Socket Mode, end to end: the real bot (SLACK_APP_TOKEN set) against the Slack emulator's
// apps.connections.open + WebSocket, and the emulator's Socket Mode against Bolt's own client.

import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app.js';
import type { FakeScalekit } from '../../emulators/scalekit/server.js';
import { slashCommandPayload, type SlackFake } from '../../emulators/slack/index.js';
import { BOT_USER_ID, ORGS, TEAM, USERS } from '../../emulators/world.js';
import { APP_TOKEN, BOT_TOKEN, freePort, linkIn, messageText, startFakes, startTestBot } from '../helpers/bot.js';
import { createSqliteDatabase, type TestDatabase } from '../helpers/database.js';

describe('the bot in Socket Mode', () => {
  let slack: SlackFake;
  let scalekit: FakeScalekit;
  let database: TestDatabase;
  let bot: RunningBot | undefined;
  let logs: string[];
  let port: number;
  let closeFakes: () => Promise<void>;

  beforeAll(async () => {
    database = await createSqliteDatabase();
    port = await freePort();
    const t = await startTestBot({ databaseUrl: database.url, env: { SLACK_APP_TOKEN: APP_TOKEN, PORT: String(port) } });
    ({ slack, scalekit, bot, logs } = t);
    closeFakes = async () => {
      await Promise.all([slack.close(), scalekit.close()]);
    };
  });

  afterAll(async () => {
    await bot?.stop();
    await closeFakes?.();
    await database?.drop();
  });

  const command = (text: string, userId: string = USERS.csm.id, channelId = 'C0GENERAL') => {
    const responseUrl = slack.responseUrl();
    const payload = slashCommandPayload({ text, userId, teamId: TEAM.id, channelId, responseUrl });
    return { responseId: responseUrl.split('/').pop(), ack: slack.socketMode.send('slash_commands', payload) };
  };

  it('connects over the WebSocket with the app-level token and still serves PORT', async () => {
    expect(slack.socketMode.connections).toBe(1);
    expect(slack.callsTo('apps.connections.open')).toHaveLength(1);
    expect(bot?.port).toBe(port);
    expect(logs.join('')).toMatch(/"mode":"socket"/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/p/nope`)).status).toBe(404);
    // No HTTP endpoint for Slack in Socket Mode.
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' })).status).toBe(404);
  });

  it('answers `/sso-portal help` in the ack', async () => {
    const { ack } = command('help');
    const { payload } = await ack;
    expect(payload).toMatchObject({ response_type: 'ephemeral', text: 'How to use /sso-portal' });
    expect(messageText(payload as { text?: string; blocks?: unknown[] })).toContain('/sso-portal');
  });

  it('maps a customer and issues a link, answered through the response URL', async () => {
    const mapped = command(`map acme ${ORGS.acme.id}`, USERS.admin.id);
    expect((await mapped.ack).payload).toEqual({});
    const mapReply = await slack.waitForResponse((r) => r.id === mapped.responseId);
    expect(messageText(mapReply.body as { text?: string })).toContain('Acme Corp');

    const issued = command('acme');
    expect((await issued.ack).payload).toEqual({});
    const reply = (await slack.waitForResponse((r) => r.id === issued.responseId)).body as { text?: string; blocks?: unknown[]; response_type?: string };
    expect(reply.response_type).toBe('ephemeral');
    const all = messageText(reply);
    expect(all).toContain('Acme Corp');
    const { path } = linkIn(all);
    // The hosted page is served on PORT, next to the socket.
    expect((await fetch(`http://127.0.0.1:${port}${path}`)).status).toBe(200);
  });

  it('takes the console\'s commands and clicks over the socket', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${slack.url}/console/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const workspace = (await (await fetch(`${slack.url}/console/api/workspace`)).json()) as { app: unknown };
    expect(workspace.app).toEqual({ socketMode: true, connections: 1 });

    const help = await post('command', { userId: USERS.csm.id, channelId: 'C0ACME', text: '/sso-portal help' });
    expect(help.status).toBe(200);
    const helpReply = slack.messages('C0ACME').at(-1);
    expect(helpReply).toMatchObject({ via: 'response_url', visibleTo: USERS.csm.id, text: 'How to use /sso-portal' });

    await post('command', { userId: USERS.csm.id, channelId: 'C0ACME', text: '/sso-portal acme' });
    await expect.poll(() => slack.messages('C0ACME').at(-1)?.text ?? '').toContain('Acme Corp');
    const linkMessage = slack.messages('C0ACME').at(-1);
    const block = linkMessage?.blocks?.find((b) => (b.accessory as { action_id?: string } | undefined)?.action_id === 'open_setup_link');
    expect(block).toBeDefined();

    const before = slack.messages('C0ACME').length;
    const click = await post('action', { userId: USERS.csm.id, messageId: linkMessage?.id, blockId: block?.block_id, actionId: 'open_setup_link' });
    expect(click.status).toBe(200);
    // Acked over the socket: no "did not answer" note.
    expect(slack.messages('C0ACME')).toHaveLength(before);
  });

  it('stops cleanly: the socket closes and PORT is free again', async () => {
    await bot?.stop();
    bot = undefined;
    await expect.poll(() => slack.socketMode.connections).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

describe('a bad app token', () => {
  it('fails startup with a clear error instead of hanging, and frees PORT', async () => {
    const database = await createSqliteDatabase();
    const port = await freePort();
    try {
      const started = Date.now();
      await expect(
        startTestBot({ databaseUrl: database.url, env: { SLACK_APP_TOKEN: 'xapp-1-wrong', PORT: String(port) } }),
      ).rejects.toThrow('Slack refused the Socket Mode connection (apps.connections.open: invalid_auth); check SLACK_APP_TOKEN');
      expect(Date.now() - started).toBeLessThan(5000);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      await database.drop();
    }
  });
});

describe('the emulator\'s Socket Mode, with Bolt\'s own client', () => {
  let slack: SlackFake;
  let closeFakes: () => Promise<void>;

  beforeAll(async () => {
    ({ slack, close: closeFakes } = await startFakes());
  });
  afterAll(async () => {
    await closeFakes();
  });

  it('checks the token of apps.connections.open', async () => {
    const open = (token: string) =>
      fetch(`${slack.apiUrl}apps.connections.open`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());
    expect(await open('xapp-1-wrong')).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await open(BOT_TOKEN)).toEqual({ ok: false, error: 'not_allowed_token_type' });
    const opened = (await open(APP_TOKEN)) as { ok: boolean; url: string };
    expect(opened.ok).toBe(true);
    expect(opened.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/socket\\?ticket=[0-9a-f]+&app_id=A0FAKEAPP$`));
    // The app-level token is good for nothing else.
    expect(await fetch(`${slack.apiUrl}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${APP_TOKEN}` } }).then((r) => r.json())).toEqual({
      ok: false,
      error: 'not_allowed_token_type',
    });
  });

  it('keeps a connection alive with pongs, delivers envelopes and reconnects on a disconnect message', async () => {
    const receiver = new SocketModeReceiver({
      appToken: APP_TOKEN,
      logLevel: LogLevel.ERROR,
      clientPingTimeout: 300, // a ping every 100 ms; gone after 3 without a pong
      installerOptions: { clientOptions: { slackApiUrl: slack.apiUrl } },
    });
    const app = new App({ receiver, token: BOT_TOKEN, tokenVerificationEnabled: false, botId: 'B0BOT', botUserId: BOT_USER_ID, logLevel: LogLevel.ERROR });
    const clicks: unknown[] = [];
    app.command('/echo', async ({ ack, command }) => ack(`echo: ${command.text}`));
    app.action('press', async ({ ack, body }) => {
      clicks.push(body);
      await ack();
    });
    await app.start();
    try {
      expect(slack.socketMode.connections).toBe(1);
      // More pings than the client lets go unanswered (3), each answered: still the first connection.
      await expect.poll(() => slack.socketMode.pings, { timeout: 5000, interval: 50 }).toBeGreaterThanOrEqual(4);
      expect(slack.socketMode.opened).toBe(1);
      expect(slack.socketMode.connections).toBe(1);

      const ack = await slack.socketMode.send(
        'slash_commands',
        slashCommandPayload({ command: '/echo', text: 'hi', userId: USERS.csm.id, teamId: TEAM.id, channelId: 'C0GENERAL', responseUrl: slack.responseUrl() }),
      );
      expect(ack.payload).toEqual({ text: 'echo: hi' });
      const clicked = await slack.socketMode.send('interactive', {
        type: 'block_actions',
        user: { id: USERS.csm.id },
        team: { id: TEAM.id },
        actions: [{ type: 'button', action_id: 'press', block_id: 'b1', action_ts: '1' }],
        response_url: slack.responseUrl(),
      });
      expect(clicked.payload).toEqual({});
      expect(clicks).toHaveLength(1);

      slack.socketMode.disconnect('refresh_requested');
      await expect.poll(() => slack.socketMode.opened, { timeout: 3000 }).toBe(2);
      await slack.socketMode.waitForConnection();
      expect(slack.callsTo('apps.connections.open').length).toBeGreaterThanOrEqual(2);
    } finally {
      await app.stop();
    }
    await expect.poll(() => slack.socketMode.connections).toBe(0);
    await expect(slack.socketMode.send('interactive', {})).rejects.toThrow(/no Socket Mode connection/);
  });
});
