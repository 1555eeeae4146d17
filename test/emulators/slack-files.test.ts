// The Slack emulator's external file upload, driven by the real WebClient, and its escaping of
// slash-command text.

import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeCommandText, startSlackFake, type SlackFake } from '../../emulators/slack/index.js';

const BOT_TOKEN = 'xoxb-fake-token';

describe('Slack fake: files.getUploadURLExternal, the upload URL, files.completeUploadExternal', () => {
  let fake: SlackFake;
  let client: webApi.WebClient;

  beforeAll(async () => {
    fake = await startSlackFake({ botToken: BOT_TOKEN, teamId: 'T0FAKE', botUserId: 'U0BOT', users: [{ id: 'U1', name: 'casey', realName: 'Casey Success' }] });
    client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(() => fake.close());

  const post = (url: string, body: string) => fetch(url, { method: 'POST', body });

  it('takes the announced bytes and shares the file in a DM, where the console shows and serves it', async () => {
    const content = 'id,note\nL-1,"a, b"\n';
    const { upload_url, file_id } = await client.files.getUploadURLExternal({ filename: 'audit.csv', length: Buffer.byteLength(content) });
    expect(upload_url).toMatch(new RegExp(`^${fake.url}/upload/F`));
    const uploaded = await post(upload_url as string, content);
    expect([uploaded.status, await uploaded.text()]).toEqual([200, `OK - ${Buffer.byteLength(content)}`]);

    const { channel } = await client.conversations.open({ users: 'U1' });
    const done = await client.files.completeUploadExternal({ files: [{ id: file_id as string, title: 'The audit' }], channel_id: channel?.id as string, initial_comment: 'Here *it* is' });
    expect(done.files?.[0]).toMatchObject({ id: file_id, name: 'audit.csv', title: 'The audit', size: Buffer.byteLength(content) });

    const [message] = fake.messages('U1').filter((m) => m.files?.length);
    expect(message).toMatchObject({ channel: 'D1', author: 'U0BOT', text: 'Here *it* is', files: [{ name: 'audit.csv', size: Buffer.byteLength(content) }] });
    const download = await fetch(message?.files?.[0]?.url_private as string);
    expect(await download.text()).toBe(content);
    expect(fake.file(file_id as string)?.content?.toString()).toBe(content);
    // The page reads it like any message.
    const seen = (await (await fetch(`${fake.url}/console/api/messages?channel=U1&user=U1`)).json()) as { messages: Array<{ files?: unknown[] }> };
    expect(seen.messages.some((m) => m.files?.length === 1)).toBe(true);
  });

  it('refuses a body of another length than announced, an empty file, and sharing a file never uploaded', async () => {
    const { upload_url, file_id } = await client.files.getUploadURLExternal({ filename: 'x.csv', length: 10 });
    const short = await post(upload_url as string, 'too short');
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('announced 10 bytes, received 9');
    await expect(client.files.completeUploadExternal({ files: [{ id: file_id as string }], channel_id: 'D1' })).rejects.toMatchObject({ data: { error: 'file_not_found' } });
    await expect(client.files.getUploadURLExternal({ filename: 'empty.csv', length: 0 })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    expect((await post(`${fake.url}/upload/F404`, 'x')).status).toBe(404);
  });

  it('fails a files method when told to, like any other', async () => {
    fake.failNext('files.completeUploadExternal', 'internal_error');
    const { upload_url, file_id } = await client.files.getUploadURLExternal({ filename: 'y.csv', length: 1 });
    await post(upload_url as string, 'y');
    await expect(client.files.completeUploadExternal({ files: [{ id: file_id as string }], channel_id: 'D1' })).rejects.toMatchObject({ data: { error: 'internal_error' } });
  });
});

describe('escapeCommandText: slash-command text as Slack sends it with should_escape on', () => {
  const known = { users: [{ id: 'U0CSM', name: 'carl' }], channels: [{ id: 'C0ACME', name: 'customer-acme' }] };

  it.each([
    ['audit --issuer @carl', 'audit --issuer <@U0CSM|carl>'],
    ['map acme org_1 --channel', 'map acme org_1 --channel'],
    ['acme --note "ask @carl in #customer-acme"', 'acme --note "ask <@U0CSM|carl> in <#C0ACME|customer-acme>"'],
    ['acme --note "see https://x.example/a?b=1&c=2"', 'acme --note "see <https://x.example/a?b=1&amp;c=2>"'],
    ['acme.com --note a@b.com', '<http://acme.com|acme.com> --note <mailto:a@b.com|a@b.com>'],
    ['x --note "fish & <chips> @here @nobody #nowhere"', 'x --note "fish &amp; &lt;chips&gt; <!here> @nobody #nowhere"'],
  ])('%s → %s', (typed, sent) => {
    expect(escapeCommandText(typed, known)).toBe(sent);
  });
});
