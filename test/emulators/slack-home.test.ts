// The Slack emulator's App Home: views.publish answering the real WebClient, and what a person
// does on the Home tab (open it, click, choose) reaching a real Bolt app over HTTP and Socket Mode.

import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver, webApi, type BlockAction, type SlackActionMiddlewareArgs } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendAppHomeOpened, startSlackFake, type SlackFake } from '../../emulators/slack/index.js';

const BOT_TOKEN = 'xoxb-home-token';
const APP_TOKEN = 'xapp-1-home';
const SIGNING_SECRET = 'home-signing-secret';
const TEAM_ID = 'T0HOME';
const CARL = { id: 'U0CSM', name: 'carl', realName: 'Carl CSM' };
const ADA = { id: 'U0ADMIN', name: 'ada', realName: 'Ada Admin' };

const text = (t: string) => ({ type: 'plain_text', text: t });
const option = (label: string, value: string) => ({ text: text(label), value });
const BOARD = [
  { type: 'header', text: text('Onboarding board') },
  {
    type: 'section',
    block_id: 'acme',
    text: { type: 'mrkdwn', text: '*Acme Corp*\nLink opened, SSO not yet set up' },
    accessory: { type: 'overflow', action_id: 'link_menu', options: [option('Extend', 'extend:L-1'), option('Revoke', 'revoke:L-1')] },
  },
  {
    type: 'actions',
    block_id: 'filters',
    elements: [
      {
        type: 'static_select',
        action_id: 'board_filter',
        placeholder: text('Show'),
        option_groups: [{ label: text('Mine'), options: [option('My links', 'mine')] }, { label: text('Team'), options: [option('All links', 'all')] }],
      },
      { type: 'users_select', action_id: 'board_owner', placeholder: text('CSM') },
      { type: 'button', action_id: 'board_refresh', text: text('Refresh'), value: 'now', style: 'primary' },
    ],
  },
];

type ActionBody = SlackActionMiddlewareArgs<BlockAction>['body'];

describe('Slack emulator App Home', () => {
  let fake: SlackFake;
  let app: App;
  let client: webApi.WebClient;
  let eventsUrl: string;
  const opened: Array<{ body: Record<string, unknown>; event: Record<string, unknown> }> = [];
  const actions: ActionBody[] = [];

  beforeAll(async () => {
    fake = await startSlackFake({ botToken: BOT_TOKEN, appToken: APP_TOKEN, teamId: TEAM_ID, botUserId: 'U0BOT', users: [CARL, ADA] });
    client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    app = new App({
      token: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      tokenVerificationEnabled: false,
      botId: 'B0BOT',
      botUserId: 'U0BOT',
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.event('app_home_opened', async ({ body, event }) => {
      opened.push({ body: body as unknown as Record<string, unknown>, event: event as unknown as Record<string, unknown> });
    });
    app.action(/^(board_|link_)/, async ({ ack, body }) => {
      await ack();
      actions.push(body as ActionBody);
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
    eventsUrl = `http://127.0.0.1:${server.address().port}/slack/events`;
    fake.setApp({ eventsUrl, signingSecret: SIGNING_SECRET });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('publishes a Home view per person, keeping its id and changing its hash', async () => {
    const first = await client.views.publish({ user_id: CARL.id, view: { type: 'home', blocks: BOARD, private_metadata: '{"page":1}' } as never });
    expect(first.view).toMatchObject({ type: 'home', team_id: TEAM_ID, private_metadata: '{"page":1}', state: { values: {} }, app_id: 'A0FAKEAPP', bot_id: 'B0BOT' });
    expect(first.view?.id).toMatch(/^V/);
    expect(first.view?.hash).toMatch(/^\d+\.[0-9a-f]+$/);
    expect(first.view?.blocks?.[0]?.block_id).toEqual(expect.any(String)); // filled in, as Slack does

    const stored = fake.homeView(CARL.id);
    expect(stored).toEqual(first.view);
    expect(fake.homeView(ADA.id)).toBeUndefined();

    const second = await client.views.publish({ user_id: CARL.id, hash: first.view?.hash, view: { type: 'home', blocks: BOARD.slice(0, 2) } });
    expect(second.view?.id).toBe(first.view?.id);
    expect(second.view?.hash).not.toBe(first.view?.hash);
    expect(fake.homeView(CARL.id)?.blocks).toHaveLength(2);
    await expect(client.views.publish({ user_id: CARL.id, hash: first.view?.hash, view: { type: 'home', blocks: [] } })).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
    expect(fake.homeView(CARL.id)?.hash).toBe(second.view?.hash);
  });

  it('refuses what Slack refuses', async () => {
    // Straight to the API: the WebClient would log each refusal.
    const refused = async (args: Record<string, unknown>) => {
      const res = await fetch(`${fake.apiUrl}views.publish`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${BOT_TOKEN}` }, body: JSON.stringify(args) });
      return res.json();
    };
    const divider = { type: 'divider' };
    expect(await refused({ user_id: CARL.id, view: { type: 'home', blocks: Array.from({ length: 101 }, () => divider) } })).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'] },
    });
    expect(await refused({ user_id: CARL.id, view: { type: 'modal', blocks: [] } })).toMatchObject({ error: 'invalid_arguments' });
    expect(await refused({ view: { type: 'home', blocks: [] } })).toMatchObject({ error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: user_id'] } });
    expect(await refused({ user_id: 'U0NOBODY', view: { type: 'home', blocks: [] } })).toMatchObject({ error: 'user_not_found' });
    expect(await refused({ user_id: CARL.id, view: { type: 'home', blocks: [{ type: 'divider', block_id: 'x' }, { type: 'divider', block_id: 'x' }] } })).toMatchObject({
      error: 'invalid_arguments',
    });
    expect(await refused({ user_id: CARL.id, view: { type: 'home', blocks: [{ text: 'no type' }] } })).toMatchObject({ error: 'invalid_arguments' });
    expect(await refused({ user_id: CARL.id, view: { type: 'home', blocks: [{ type: 'section', text: { type: 'plain_text', text: 'x'.repeat(300_000) } }] } })).toMatchObject({
      error: 'view_too_large',
    });
    // 100 blocks are fine; nothing refused was kept.
    const hash = fake.homeView(CARL.id)?.hash;
    await client.views.publish({ user_id: ADA.id, view: { type: 'home', blocks: Array.from({ length: 100 }, () => divider) } });
    expect(fake.homeView(ADA.id)?.blocks).toHaveLength(100);
    expect(fake.homeView(CARL.id)?.hash).toBe(hash);
  });

  it('sends app_home_opened, with the published view, as a signed event', async () => {
    await client.views.publish({ user_id: CARL.id, view: { type: 'home', blocks: BOARD, private_metadata: 'board' } });
    const view = fake.homeView(CARL.id);
    await fake.openHome(CARL.id);
    expect(opened).toHaveLength(1); // Bolt verified the signature, or the listener would not run
    const { body, event } = opened[0] as (typeof opened)[number];
    expect(body).toMatchObject({ type: 'event_callback', team_id: TEAM_ID, api_app_id: 'A0FAKEAPP', token: expect.any(String) as unknown });
    expect(body.event_id).toMatch(/^Ev/);
    expect(body.event_time).toEqual(expect.any(Number));
    expect(event).toEqual({ type: 'app_home_opened', user: CARL.id, channel: 'D0CSM', tab: 'home', view, event_ts: expect.stringMatching(/^\d+\.\d{6}$/) as unknown });

    // The request helper sends the same, for tests that drive a bot directly.
    const adaView = fake.homeView(ADA.id);
    const sent = await sendAppHomeOpened({ appUrl: eventsUrl, path: '', signingSecret: SIGNING_SECRET, userId: ADA.id, teamId: TEAM_ID, view: adaView });
    expect(sent.status).toBe(200);
    expect(opened[1]?.event).toMatchObject({ user: ADA.id, channel: 'D0ADMIN', tab: 'home', view: { id: adaView?.id } });
    await expect(fake.openHome('U0NOBODY')).rejects.toThrow(/user_not_found/);
  });

  it("sends a click or a choice in the Home view as Slack does: the view, no channel and no response URL", async () => {
    await client.views.publish({ user_id: CARL.id, view: { type: 'home', blocks: BOARD, private_metadata: 'board' } });
    const view = fake.homeView(CARL.id);
    actions.length = 0;
    await fake.homeAction(CARL.id, { actionId: 'board_refresh' });
    await fake.homeAction(CARL.id, { actionId: 'board_filter', value: 'all' });
    await fake.homeAction(CARL.id, { actionId: 'board_owner', user: ADA.id });
    await fake.homeAction(CARL.id, { blockId: 'acme', actionId: 'link_menu', value: 'revoke:L-1' });
    expect(actions).toHaveLength(4);
    for (const body of actions) {
      expect(body).toMatchObject({
        type: 'block_actions',
        user: { id: CARL.id, team_id: TEAM_ID },
        team: { id: TEAM_ID },
        container: { type: 'view', view_id: view?.id },
        view: { id: view?.id, type: 'home', private_metadata: 'board', hash: view?.hash },
      });
      expect(body.trigger_id).toEqual(expect.any(String));
      expect(body).not.toHaveProperty('response_url');
      expect(body).not.toHaveProperty('channel');
    }
    const [refresh, filter, owner, menu] = actions.map((body) => body.actions[0]);
    expect(refresh).toMatchObject({ type: 'button', action_id: 'board_refresh', value: 'now', style: 'primary', block_id: 'filters' });
    expect(filter).toMatchObject({ type: 'static_select', action_id: 'board_filter', selected_option: { text: text('All links'), value: 'all' } });
    expect(owner).toMatchObject({ type: 'users_select', action_id: 'board_owner', selected_user: ADA.id });
    expect(menu).toMatchObject({ type: 'overflow', action_id: 'link_menu', block_id: 'acme', selected_option: { value: 'revoke:L-1' } });
    // The view's state holds the selects' choices, as Slack sends them with the next click.
    expect(actions[3]?.view?.state.values).toEqual({
      filters: { board_filter: { type: 'static_select', selected_option: option('All links', 'all') }, board_owner: { type: 'users_select', selected_user: ADA.id } },
    });
  });

  it('refuses to send a click on what the view does not hold', async () => {
    await expect(fake.homeAction(CARL.id, { actionId: 'no_such_button' })).rejects.toThrow(/action_not_found/);
    await expect(fake.homeAction(CARL.id, { actionId: 'board_filter', value: 'nope' })).rejects.toThrow(/option_not_found/);
    await expect(fake.homeAction(CARL.id, { actionId: 'board_owner', user: 'U0NOBODY' })).rejects.toThrow(/user_not_found/);
    await expect(fake.homeAction('U0NOBODY', { actionId: 'board_refresh' })).rejects.toThrow(/user_not_found/);
  });

  it('waits for a Home view to be published', async () => {
    const waiting = fake.waitForHomeView(ADA.id, (view) => view.private_metadata === 'later');
    await client.views.publish({ user_id: ADA.id, view: { type: 'home', blocks: [], private_metadata: 'later' } });
    expect((await waiting).private_metadata).toBe('later');
    await expect(fake.waitForHomeView(ADA.id, () => false, 50)).rejects.toThrow(/timed out after 50 ms/);
  });

  it('delivers the Home tab over Socket Mode while the app is connected', async () => {
    const receiver = new SocketModeReceiver({ appToken: APP_TOKEN, logLevel: LogLevel.ERROR, installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl } } });
    const socketApp = new App({ receiver, token: BOT_TOKEN, tokenVerificationEnabled: false, botId: 'B0BOT', botUserId: 'U0BOT', logLevel: LogLevel.ERROR });
    const seen: Array<{ kind: string; body: Record<string, unknown>; retryNum?: number }> = [];
    socketApp.event('app_home_opened', async ({ body, context }) => void seen.push({ kind: 'event', body: body as unknown as Record<string, unknown>, retryNum: context.retryNum }));
    socketApp.action('board_refresh', async ({ ack, body }) => {
      await ack();
      seen.push({ kind: 'action', body: body as unknown as Record<string, unknown> });
    });
    await socketApp.start();
    try {
      const before = opened.length;
      await fake.openHome(CARL.id);
      await fake.homeAction(CARL.id, { actionId: 'board_refresh' });
      expect(seen.map((s) => s.kind)).toEqual(['event', 'action']);
      expect(seen[0]).toMatchObject({ body: { type: 'event_callback', event: { type: 'app_home_opened', user: CARL.id, tab: 'home' } }, retryNum: 0 });
      expect(seen[1]?.body).toMatchObject({ container: { type: 'view' }, actions: [{ action_id: 'board_refresh' }] });
      expect(opened.length).toBe(before); // not over HTTP as well
    } finally {
      await socketApp.stop();
    }
    await expect.poll(() => fake.socketMode.connections).toBe(0);
  });
});
