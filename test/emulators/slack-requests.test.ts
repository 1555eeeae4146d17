// Signed requests into a real Bolt app, as the emulator's request helpers (sign.ts, requests.ts) build them.

import type { AddressInfo } from 'node:net';
import { App, LogLevel, verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendInteraction, sendSlashCommand, signSlackRequest, startSlackFake, type SlackFake } from '../../emulators/slack/index.js';

const BOT_TOKEN = 'xoxb-fake-token';
const SIGNING_SECRET = 'fake-signing-secret';
const TEAM_ID = 'T0FAKE';

describe('signSlackRequest', () => {
  const body = 'command=%2Fsso-portal&text=acme';

  it("verifies with Bolt's verifySlackRequest; a tampered body does not", () => {
    const headers = signSlackRequest(SIGNING_SECRET, body);
    const verifyHeaders = {
      'x-slack-signature': headers['x-slack-signature'],
      'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
    };
    expect(() => verifySlackRequest({ signingSecret: SIGNING_SECRET, body, headers: verifyHeaders })).not.toThrow();
    expect(() =>
      verifySlackRequest({ signingSecret: SIGNING_SECRET, body: `${body}x`, headers: verifyHeaders }),
    ).toThrow();
  });
});

describe('request helpers against a real Bolt app', () => {
  let fake: SlackFake;
  let app: App;
  let appUrl: string;

  beforeAll(async () => {
    fake = await startSlackFake({ botToken: BOT_TOKEN, teamId: TEAM_ID, botUserId: 'U0BOT', users: [] });
    app = new App({
      token: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/sso-portal', async ({ ack, respond, command }) => {
      await ack();
      await respond({ text: `got ${command.text}` });
    });
    app.action('btn', async ({ ack }) => ack());
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
    appUrl = `http://127.0.0.1:${server.address().port}`;
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  const command = () => ({
    appUrl,
    signingSecret: SIGNING_SECRET,
    text: 'acme',
    userId: 'U1',
    teamId: TEAM_ID,
    channelId: 'C1',
    responseUrl: fake.responseUrl(),
  });

  it('delivers a slash command whose respond() reaches the fake', async () => {
    const res = await sendSlashCommand(command());
    expect(res.status).toBe(200);
    expect((await fake.waitForResponse()).body).toMatchObject({ text: 'got acme' });
    expect(fake.callsTo('auth.test').length).toBeGreaterThan(0); // Bolt's authorize() went to the fake
  });

  it('lets Bolt reject a bad signature and a stale timestamp', async () => {
    expect((await sendSlashCommand({ ...command(), signature: 'v0=bad' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 600;
    expect((await sendSlashCommand({ ...command(), timestamp: stale })).status).toBe(401);
  });

  it('delivers an interaction payload', async () => {
    const payload = {
      type: 'block_actions',
      team: { id: TEAM_ID, domain: 'fake' },
      user: { id: 'U1', team_id: TEAM_ID },
      api_app_id: 'A0FAKEAPP',
      trigger_id: '1.2.3',
      response_url: fake.responseUrl(),
      actions: [{ type: 'button', action_id: 'btn', block_id: 'b', action_ts: '1.1' }],
    };
    expect((await sendInteraction({ appUrl, signingSecret: SIGNING_SECRET, payload })).status).toBe(200);
  });
});
