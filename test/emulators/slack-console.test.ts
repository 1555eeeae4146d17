// The Slack emulator's web console, driven in real Chromium against a tiny real Bolt app.

import type { AddressInfo } from 'node:net';
import { App, LogLevel, type BlockAction, type SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../../emulators/slack/index.js';
import { launchBrowser, RESULTS_DIR } from '../helpers/browser.js';
import { slackConsole } from '../helpers/console.js';

const BOT_TOKEN = 'xoxb-console-token';
const SIGNING_SECRET = 'console-signing-secret';
const TEAM_ID = 'T0CONSOLE';
const CARL = { id: 'U0CSM', name: 'carl', realName: 'Carl CSM' };
const ADA = { id: 'U0ADMIN', name: 'ada', realName: 'Ada Admin' };
const GENERAL = { id: 'C0GENERAL', name: 'general' };
const CUSTOMERS = { id: 'C0ACME', name: 'acme-customers' };

type ActionBody = SlackActionMiddlewareArgs<BlockAction>['body'];

describe('Slack emulator console in Chromium', () => {
  let fake: SlackFake;
  let app: App;
  let appUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const clicks: ActionBody[] = [];

  beforeAll(async () => {
    fake = await startSlackFake({
      botToken: BOT_TOKEN,
      teamId: TEAM_ID,
      botUserId: 'U0BOT',
      users: [CARL, ADA],
      channels: [GENERAL, CUSTOMERS],
    });
    app = new App({
      token: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      tokenVerificationEnabled: false,
      botId: 'B0BOT',
      botUserId: 'U0BOT',
      logLevel: LogLevel.ERROR,
      // Stands in for the bot's hosted setup page, so the tab a link button opens loads something.
      customRoutes: [{ path: '/setup-page', method: 'GET', handler: (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Setup</title>') }],
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/sso-portal', async ({ ack, respond, client, command }) => {
      await ack();
      if (command.text.includes('--post')) {
        await client.chat.postMessage({
          channel: command.channel_id,
          text: 'Setup link for Acme',
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `<@${command.user_id}> posted *the Acme setup link*` } }],
        });
        return;
      }
      if (command.text === 'xss') {
        await respond({
          text: 'xss',
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: '<script>window.pwned = 1</script>' } },
            { type: 'section', text: { type: 'mrkdwn', text: 'Escaped: &lt;script&gt;window.pwned = 2&lt;/script&gt; <javascript:alert(1)|not a link>' } },
          ],
        });
        return;
      }
      await respond({
        text: 'SSO setup for Acme Corp',
        blocks: [
          {
            type: 'section',
            text: { type: 'mrkdwn', text: `*SSO & SCIM setup for Acme Corp*\n<${appUrl}/setup-page|Setup page> for <#${command.channel_id}>` },
            accessory: {
              type: 'button',
              action_id: 'open_setup_link',
              text: { type: 'plain_text', text: 'Open setup page' },
              url: `${appUrl}/setup-page`,
              style: 'primary',
            },
          },
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'Expires <!date^1893456000^{date_short}|2030-01-01 00:00 UTC> · `L-abc123`' }] },
          { type: 'divider' },
        ],
      });
    });
    app.action('open_setup_link', async ({ ack, body }) => {
      await ack();
      clicks.push(body as ActionBody);
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
    appUrl = `http://127.0.0.1:${server.address().port}`;
    // The demo's order: the fake first, the bot second, then tell the fake where the bot listens.
    fake.setApp({ eventsUrl: `${appUrl}/slack/events`, signingSecret: SIGNING_SECRET });

    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    page = await context.newPage();
    await page.goto(fake.consoleUrl);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await fake?.close();
  });

  const messages = () => page.locator('#messages .message');
  const { as, send: sendCommand } = slackConsole(() => page);

  it('lists the users and channels', async () => {
    await expect.poll(() => page.locator('#user option').allTextContents()).toEqual(['Carl CSM (U0CSM)', 'Ada Admin (U0ADMIN)']);
    expect(await page.locator('#channels button').allTextContents()).toEqual(['# general', '# acme-customers']);
    expect(await page.textContent('#app-status')).toContain('/slack/events');
  });

  it("shows a command's ephemeral reply to its sender only", async () => {
    await as(CARL, CUSTOMERS);
    await sendCommand('/sso-portal acme');
    const reply = messages().filter({ hasText: 'SSO & SCIM setup' });
    await expect.poll(() => reply.count()).toBe(1);
    expect(await reply.locator('strong').first().textContent()).toBe('SSO & SCIM setup for Acme Corp');
    const link = reply.locator('a', { hasText: 'Setup page' });
    expect(await link.getAttribute('href')).toBe(`${appUrl}/setup-page`);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await reply.locator('.mention').textContent()).toBe('#acme-customers');
    expect(await reply.locator('button.primary').textContent()).toBe('Open setup page');
    expect(await reply.locator('.only-you').textContent()).toBe('Only visible to you');
    expect(await reply.locator('code').textContent()).toBe('L-abc123');
    expect(await reply.locator('time[datetime="2030-01-01T00:00:00.000Z"]').count()).toBe(1);
    expect(await reply.locator('hr.divider').count()).toBe(1);
    // The command line itself is shown to its sender.
    expect(await messages().filter({ hasText: '/sso-portal acme' }).count()).toBe(1);

    await as(ADA, CUSTOMERS);
    await expect.poll(() => page.textContent('#messages')).toContain('No messages yet');
    expect(await page.textContent('#messages')).not.toContain('SSO & SCIM setup');
  });

  it('shows chat.postMessage to everyone in the channel', async () => {
    await as(ADA, CUSTOMERS);
    await sendCommand('/sso-portal acme --post');
    const posted = messages().filter({ hasText: 'posted the Acme setup link' });
    await expect.poll(() => posted.count()).toBe(1);
    expect(await posted.locator('.mention').textContent()).toBe('@Ada Admin');
    expect(await posted.locator('.only-you').count()).toBe(0);

    await as(CARL, CUSTOMERS);
    await expect.poll(() => messages().filter({ hasText: 'posted the Acme setup link' }).count()).toBe(1);
    expect(await messages().filter({ hasText: 'SSO & SCIM setup' }).count()).toBe(1); // Carl's own reply is still there
    await as(CARL, GENERAL);
    await expect.poll(() => page.textContent('#messages')).toContain('No messages yet');
  });

  it('opens a link button in a new tab and sends a signed block_actions to the app', async () => {
    await as(CARL, CUSTOMERS);
    const button = messages().filter({ hasText: 'SSO & SCIM setup' }).locator('button', { hasText: 'Open setup page' });
    const [tab] = await Promise.all([context.waitForEvent('page'), button.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`${appUrl}/setup-page`);
    expect(await tab.title()).toBe('Setup');
    await tab.close();

    await expect.poll(() => clicks.length).toBe(1); // Bolt verified the signature, or the handler would not run
    const body = clicks[0] as ActionBody;
    expect(body).toMatchObject({
      type: 'block_actions',
      user: { id: CARL.id, team_id: TEAM_ID },
      team: { id: TEAM_ID },
      channel: { id: CUSTOMERS.id },
      container: { type: 'message', channel_id: CUSTOMERS.id, is_ephemeral: true },
      actions: [{ type: 'button', action_id: 'open_setup_link', url: `${appUrl}/setup-page` }],
    });
    expect(body.actions[0]?.block_id).toEqual(expect.any(String));
    expect(body.response_url).toMatch(new RegExp(`^${fake.url}/response/`));
    expect(body.trigger_id).toEqual(expect.any(String));
    expect(body.message?.text).toBe('SSO setup for Acme Corp');
  });

  it('renders message data as text, never as markup', async () => {
    await as(CARL, GENERAL);
    await sendCommand('/sso-portal xss');
    const reply = messages().filter({ hasText: 'window.pwned = 1' });
    await expect.poll(() => reply.count()).toBe(1);
    expect(await reply.locator('.header').textContent()).toBe('<script>window.pwned = 1</script>');
    expect(await reply.textContent()).toContain('Escaped: <script>window.pwned = 2</script> not a link');
    expect(await page.locator('#messages script').count()).toBe(0);
    expect(await reply.locator('a').count()).toBe(0); // javascript: never becomes a link
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it("shows the bot's direct messages to their user only, with an unread badge while elsewhere", async () => {
    const dmEntry = page.locator('#dms button[data-channel="dm"]');
    await as(CARL, GENERAL);
    expect(await dmEntry.locator('.dm-name').textContent()).toBe('sso-portal-bot');
    expect(await dmEntry.locator('.badge').count()).toBe(0);

    // As the bot's notifier does: a user id as channel.
    const sent = await app.client.chat.postMessage({
      channel: CARL.id,
      text: 'Acme Corp set up single sign-on',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':tada: *Acme Corp* set up single sign-on.' } }],
    });
    expect(sent.channel).toMatch(/^D/); // as Slack: the DM's id
    await expect.poll(() => dmEntry.locator('.badge').textContent()).toBe('1');
    expect(await page.textContent('#messages')).not.toContain('set up single sign-on');

    await dmEntry.click();
    const dm = messages().filter({ hasText: 'set up single sign-on' });
    await expect.poll(() => dm.count()).toBe(1);
    expect(await dm.locator('strong').textContent()).toBe('Acme Corp');
    expect(await dm.textContent()).toContain('🎉');
    expect(await dm.locator('.author').textContent()).toBe('sso-portal-bot');
    expect(await dm.locator('.only-you').count()).toBe(0);
    expect(await page.textContent('#channel-title')).toBe('sso-portal-bot');
    expect(await dmEntry.locator('.badge').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('channel')).toBe('dm');

    // The id conversations.open gives is the same DM; a command typed in the DM is answered there.
    const opened = await app.client.conversations.open({ users: CARL.id });
    expect(opened.channel?.id).toBe(sent.channel);
    await app.client.chat.postMessage({ channel: sent.channel ?? '', text: 'Second note' });
    await expect.poll(() => messages().filter({ hasText: 'Second note' }).count()).toBe(1);
    await sendCommand('/sso-portal acme --post'); // posts to command.channel_id: the DM's id
    await expect.poll(() => messages().filter({ hasText: 'posted the Acme setup link' }).count()).toBe(1);
    await page.screenshot({ path: `${RESULTS_DIR}slack-console-dm.png` });

    // Seen while open: back in a channel there is no badge until the next message arrives.
    await as(CARL, GENERAL);
    await app.client.chat.postEphemeral({ channel: CARL.id, user: CARL.id, text: 'Third note' });
    await expect.poll(() => dmEntry.locator('.badge').textContent()).toBe('1');

    // Ada's DM with the bot is her own: none of Carl's messages, no badge.
    await as(ADA, GENERAL);
    expect(await dmEntry.locator('.badge').count()).toBe(0);
    await dmEntry.click();
    await page.waitForSelector(`#messages[data-shown="${ADA.id}|dm"]`, { state: 'attached' });
    expect(await page.textContent('#messages')).toContain('No messages yet');
    expect(fake.messages(CARL.id).map((m) => m.text)).toEqual([
      'Acme Corp set up single sign-on',
      'Second note',
      '/sso-portal acme --post',
      'Setup link for Acme',
      'Third note',
    ]);
  });

  it('lists the Web API calls and takes a screenshot', async () => {
    await as(CARL, CUSTOMERS);
    await page.click('#api-calls summary');
    await expect.poll(() => page.locator('#calls li').allTextContents()).toContainEqual(expect.stringContaining('chat.postMessage'));
    await page.screenshot({ path: `${RESULTS_DIR}slack-console.png`, fullPage: true });
  });

  it('refuses console posts that are not JSON (no cross-site form posts)', async () => {
    const res = await fetch(`${fake.url}/console/api/command`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ userId: CARL.id, channelId: GENERAL.id, text: '/sso-portal acme' }),
    });
    expect(res.status).toBe(415);
  });
});

describe('Slack emulator console timeline', () => {
  let fake: SlackFake;
  beforeAll(async () => {
    fake = await startSlackFake({ botToken: BOT_TOKEN, teamId: TEAM_ID, botUserId: 'U0BOT', users: [CARL, ADA] });
  });
  afterAll(() => fake.close());

  const post = (url: string, body: unknown) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const seenBy = async (user: string, channel = GENERAL.id) => {
    const res = await fetch(`${fake.url}/console/api/messages?channel=${channel}&user=${user}`);
    return ((await res.json()) as { messages: Array<{ text: string; ephemeral: boolean }> }).messages;
  };

  it('files response-URL posts by context: ephemeral by default, in_channel for all', async () => {
    const url = fake.responseUrl({ channelId: GENERAL.id, userId: CARL.id });
    await post(url, { text: 'just for Carl' });
    await post(url, { text: 'for everyone', response_type: 'in_channel' });
    expect(await seenBy(CARL.id)).toMatchObject([
      { text: 'just for Carl', ephemeral: true },
      { text: 'for everyone', ephemeral: false },
    ]);
    expect((await seenBy(ADA.id)).map((m) => m.text)).toEqual(['for everyone']);
    expect(fake.messages(GENERAL.id).map((m) => m.via)).toEqual(['response_url', 'response_url']);
    // Without a context a response URL only records, as before.
    await post(fake.responseUrl(), { text: 'nowhere' });
    expect(fake.messages()).toHaveLength(2);
  });

  it("files the bot's DMs under one D id per user, seen by that user only", async () => {
    const call = async (method: string, body: unknown) => {
      const res = await fetch(`${fake.apiUrl}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${BOT_TOKEN}` },
        body: JSON.stringify(body),
      });
      return (await res.json()) as { ok: boolean; channel?: unknown; error?: string };
    };
    const opened = await call('conversations.open', { users: CARL.id });
    expect(opened).toMatchObject({ ok: true, channel: { id: expect.stringMatching(/^D/), is_im: true, user: CARL.id } });
    const dmId = (opened.channel as { id: string }).id;
    expect(await call('conversations.open', { users: `${CARL.id},${ADA.id}` })).toMatchObject({ ok: false });

    expect(await call('chat.postMessage', { channel: CARL.id, text: 'to Carl' })).toMatchObject({ ok: true, channel: dmId });
    expect(await call('chat.postMessage', { channel: dmId, text: 'again' })).toMatchObject({ ok: true, channel: dmId });
    expect(await call('chat.postEphemeral', { channel: CARL.id, user: CARL.id, text: 'quietly' })).toMatchObject({ ok: true });
    expect(await call('conversations.info', { channel: dmId })).toMatchObject({ ok: true, channel: { id: dmId, is_im: true, user: CARL.id } });

    expect(fake.messages(CARL.id).map((m) => m.text)).toEqual(['to Carl', 'again', 'quietly']);
    expect(fake.messages(dmId).map((m) => m.channel)).toEqual([dmId, dmId, dmId]);
    expect((await seenBy(CARL.id, CARL.id)).map((m) => m.text)).toEqual(['to Carl', 'again', 'quietly']);
    expect((await seenBy(CARL.id, dmId)).map((m) => m.text)).toEqual(['to Carl', 'again', 'quietly']);
    expect(await seenBy(ADA.id, CARL.id)).toEqual([]);
    expect(await seenBy(ADA.id, dmId)).toEqual([]);

    // A DM is no channel in the sidebar, and nobody else can type into it.
    const workspace = (await (await fetch(`${fake.url}/console/api/workspace`)).json()) as { channels: Array<{ id: string }> };
    expect(workspace.channels.map((c) => c.id)).not.toContain(dmId);
    const res = await post(`${fake.url}/console/api/command`, { userId: ADA.id, channelId: CARL.id, text: 'hi Carl' });
    expect(await res.json()).toMatchObject({ ok: false, error: 'channel_not_found' });
  });

  it('refuses a slash command while no app is connected', async () => {
    const res = await post(`${fake.url}/console/api/command`, { userId: CARL.id, channelId: GENERAL.id, text: '/sso-portal help' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: expect.stringMatching(/^no_app/) });
  });
});
