// The Slack emulator's Web API and response URLs, answering the real WebClient.

import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../../emulators/slack/index.js';

const BOT_TOKEN = 'xoxb-fake-token';
const TEAM_ID = 'T0FAKE';

describe('Slack fake', () => {
  let fake: SlackFake;
  let client: webApi.WebClient;

  beforeAll(async () => {
    fake = await startSlackFake({
      botToken: BOT_TOKEN,
      teamId: TEAM_ID,
      botUserId: 'U0BOT',
      users: [{ id: 'U1', name: 'casey', realName: 'Casey Success' }],
      usergroups: { S1: ['U1', 'U2'] },
    });
    client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(() => fake.close());

  it('answers the real WebClient', async () => {
    expect(await client.auth.test()).toMatchObject({ ok: true, team_id: TEAM_ID, user_id: 'U0BOT', bot_id: 'B0BOT' });

    const info = await client.users.info({ user: 'U1' });
    expect(info.user).toMatchObject({ id: 'U1', name: 'casey', real_name: 'Casey Success', team_id: TEAM_ID });
    await expect(client.users.info({ user: 'U404' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });

    expect((await client.usergroups.users.list({ usergroup: 'S1' })).users).toEqual(['U1', 'U2']);
    fake.setUsergroup('S1', ['U3']);
    expect((await client.usergroups.users.list({ usergroup: 'S1' })).users).toEqual(['U3']);
    await expect(client.usergroups.users.list({ usergroup: 'S9' })).rejects.toMatchObject({
      data: { error: 'no_such_subteam' },
    });

    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
    const eph = await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'hi', blocks });
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.callsTo('chat.postEphemeral').at(-1)?.args).toEqual({ channel: 'C1', user: 'U1', text: 'hi', blocks });

    fake.failNext('chat.postMessage', 'ratelimited_fake');
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      data: { error: 'ratelimited_fake' },
    });
    expect((await client.chat.postMessage({ channel: 'C1', text: 'x' })).ok).toBe(true);
    await expect(client.apiCall('nope.nothing')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
  });

  it('rejects a wrong token', async () => {
    const wrong = new webApi.WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await expect(wrong.auth.test()).rejects.toMatchObject({ data: { ok: false, error: 'invalid_auth' } });
  });

  it('records response-URL posts and times out clearly', async () => {
    const url = fake.responseUrl();
    const waiting = fake.waitForResponse((r) => url.endsWith(r.id));
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"done"}' });
    expect((await waiting).body).toEqual({ text: 'done' });
    await expect(fake.waitForResponse(() => false, 50)).rejects.toThrow(/timed out after 50 ms/);
  });
});
