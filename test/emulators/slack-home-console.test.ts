// The Slack emulator console's Home tab, in real Chromium, against a tiny real Bolt app that
// publishes an onboarding board when someone opens its Home tab and again when they refresh it.

import type { AddressInfo } from 'node:net';
import { App, LogLevel, type BlockAction, type SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../../emulators/slack/index.js';
import { launchBrowser, RESULTS_DIR } from '../helpers/browser.js';
import { slackConsole } from '../helpers/console.js';

const BOT_TOKEN = 'xoxb-home-console-token';
const SIGNING_SECRET = 'home-console-signing-secret';
const TEAM_ID = 'T0HOMECON';
const CARL = { id: 'U0CSM', name: 'carl', realName: 'Carl CSM' };
const ADA = { id: 'U0ADMIN', name: 'ada', realName: 'Ada Admin' };

type ActionBody = SlackActionMiddlewareArgs<BlockAction>['body'];

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const option = (text: string, value: string) => ({ text: plain(text), value });
const SHOW = { mine: option('My links', 'mine'), all: option('All links', 'all'), stalled: option('Stalled setups', 'stalled') };

/** An onboarding board, as the bot might publish it; `refreshed` counts the Refresh clicks. */
function board(refreshed: number) {
  const customer = (id: string, name: string, state: string, link: string, accessory: Record<string, unknown>) => [
    {
      type: 'section',
      block_id: `link_${id}`,
      text: mrkdwn(`*${name}* · \`${link}\`\n${state}`),
      fields: [mrkdwn('*Sent by*\n<@U0ADMIN>'), mrkdwn('*Expires*\n<!date^1893456000^{date_short}|2030-01-01>')],
      accessory,
    },
    { type: 'context', elements: [mrkdwn(`<https://example.com/guides/okta|Okta guide> · opened 2 times`)] },
  ];
  return {
    type: 'home',
    private_metadata: JSON.stringify({ page: 1 }),
    blocks: [
      { type: 'header', text: plain(':clipboard: Onboarding board') },
      { type: 'context', elements: [mrkdwn(refreshed ? `Refreshed ${refreshed} time(s)` : 'Links sent in the last 90 days')] },
      {
        type: 'actions',
        block_id: 'filters',
        elements: [
          {
            type: 'static_select',
            action_id: 'board_show',
            placeholder: plain('Show'),
            initial_option: SHOW.mine,
            option_groups: [
              { label: plain('Links'), options: [SHOW.mine, SHOW.all] },
              { label: plain('Setups'), options: [SHOW.stalled] },
            ],
          },
          { type: 'users_select', action_id: 'board_owner', placeholder: plain('Sent by') },
          { type: 'button', action_id: 'board_refresh', text: plain('Refresh'), value: 'refresh', style: 'primary' },
        ],
      },
      { type: 'divider' },
      ...customer('acme', 'Acme Corp', ':hourglass_flowing_sand: Opened, SSO not set up yet', 'L-acme1', {
        type: 'overflow',
        action_id: 'link_menu',
        options: [option('Extend 7 days', 'extend:L-acme1'), option('Revoke', 'revoke:L-acme1')],
      }),
      ...customer('globex', 'Globex &lt;Intl&gt; &amp; Co', ':white_check_mark: SSO set up', 'L-globex1', {
        type: 'button',
        action_id: 'link_revoke',
        text: plain('Revoke'),
        value: 'L-globex1',
        style: 'danger',
      }),
    ],
  };
}

describe('Slack emulator console: the Home tab in Chromium', () => {
  let fake: SlackFake;
  let app: App;
  let browser: Browser;
  let page: Page;
  const opened: Array<{ user: string; channel: string; tab: string; view?: { id: string } }> = [];
  const actions: ActionBody[] = [];
  let refreshed = 0;
  const slack = slackConsole(() => page);
  const home = () => page.locator('#home');

  beforeAll(async () => {
    fake = await startSlackFake({ botToken: BOT_TOKEN, teamId: TEAM_ID, botUserId: 'U0BOT', users: [CARL, ADA] });
    app = new App({
      token: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      tokenVerificationEnabled: false,
      botId: 'B0BOT',
      botUserId: 'U0BOT',
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.event('app_home_opened', async ({ event, client }) => {
      opened.push(event as (typeof opened)[number]);
      if (event.user === CARL.id) await client.views.publish({ user_id: event.user, view: board(refreshed) as never });
    });
    app.action(/^(board|link)_/, async ({ ack, body, client, action }) => {
      await ack();
      actions.push(body as ActionBody);
      if ('action_id' in action && action.action_id === 'board_refresh') {
        await client.views.publish({ user_id: body.user.id, view: board(++refreshed) as never });
      }
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
    fake.setApp({ eventsUrl: `http://127.0.0.1:${server.address().port}/slack/events`, signingSecret: SIGNING_SECRET });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(fake.consoleUrl);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await fake?.close();
  });

  it('tells the app the Home tab was opened, and draws the view it publishes', async () => {
    await slack.openHome(CARL);
    await expect.poll(() => opened.length).toBe(1);
    expect(opened[0]).toMatchObject({ type: 'app_home_opened', user: CARL.id, channel: 'D0CSM', tab: 'home' });
    expect(opened[0]?.view).toBeUndefined(); // nothing published yet
    await home().locator('.home-view').waitFor();
    expect(await page.textContent('#channel-title')).toBe('sso-portal-bot');
    expect(await page.locator('#app-tabs [aria-selected="true"]').textContent()).toBe('Home');
    expect(await page.locator('#composer').isHidden()).toBe(true);

    expect(await home().locator('.header').textContent()).toBe('📋 Onboarding board');
    const acme = home().locator('[data-block-id="link_acme"]');
    expect(await acme.locator('strong').first().textContent()).toBe('Acme Corp');
    expect(await acme.locator('code').textContent()).toBe('L-acme1');
    expect(await acme.locator('.fields .mention').textContent()).toBe('@Ada Admin');
    expect(await acme.locator('.fields time').getAttribute('datetime')).toBe('2030-01-01T00:00:00.000Z');
    expect(await acme.textContent()).toContain('⏳ Opened, SSO not set up yet');
    const guide = home().locator('.context a', { hasText: 'Okta guide' }).first();
    expect(await guide.getAttribute('href')).toBe('https://example.com/guides/okta');
    expect(await guide.getAttribute('rel')).toContain('noopener');
    // Escaped text stays text.
    expect(await home().locator('[data-block-id="link_globex"] strong').first().textContent()).toBe('Globex <Intl> & Co');
    expect(await home().locator('hr.divider').count()).toBe(1);
    expect(await home().locator('button.primary').textContent()).toBe('Refresh');
    expect(await home().locator('button.danger').textContent()).toBe('Revoke');
    const show = home().locator('select[data-action-id="board_show"]');
    expect(await show.inputValue()).toBe('mine'); // initial_option
    expect(await show.locator('optgroup').evaluateAll((groups) => groups.map((g) => g.getAttribute('label')))).toEqual(['Links', 'Setups']);
    expect(await home().locator('select[data-action-id="board_owner"] option:not([disabled])').allTextContents()).toEqual(['Carl CSM', 'Ada Admin']);
    expect(await home().getAttribute('data-hash')).toBe(fake.homeView(CARL.id)?.hash);
  });

  it('sends a click to the app as Slack does from the Home tab, and redraws what it publishes again', async () => {
    const view = fake.homeView(CARL.id);
    await home().locator('button[data-action-id="board_refresh"]').click();
    await expect.poll(() => actions.length).toBe(1);
    const body = actions[0] as ActionBody;
    expect(body).toMatchObject({
      type: 'block_actions',
      user: { id: CARL.id, team_id: TEAM_ID },
      team: { id: TEAM_ID },
      container: { type: 'view', view_id: view?.id },
      view: { id: view?.id, type: 'home', private_metadata: '{"page":1}', hash: view?.hash },
      actions: [{ type: 'button', action_id: 'board_refresh', block_id: 'filters', value: 'refresh' }],
    });
    expect(body.trigger_id).toEqual(expect.any(String));
    expect(body).not.toHaveProperty('response_url');
    expect(body).not.toHaveProperty('channel');

    await expect.poll(() => home().locator('.context').first().textContent()).toBe('Refreshed 1 time(s)');
    expect(await home().getAttribute('data-hash')).toBe(fake.homeView(CARL.id)?.hash);
    expect(fake.homeView(CARL.id)?.id).toBe(view?.id);
  });

  it('sends the option chosen in a select, a users select and an overflow menu', async () => {
    actions.length = 0;
    await home().locator('select[data-action-id="board_show"]').selectOption('stalled');
    await expect.poll(() => actions.length).toBe(1);
    await home().locator('select[data-action-id="board_owner"]').selectOption(ADA.id);
    await expect.poll(() => actions.length).toBe(2);
    await home().locator('[data-block-id="link_acme"] select.overflow').selectOption('revoke:L-acme1');
    await expect.poll(() => actions.length).toBe(3);

    const [show, owner, menu] = actions.map((body) => body.actions[0]);
    expect(show).toMatchObject({ type: 'static_select', action_id: 'board_show', block_id: 'filters', selected_option: { value: 'stalled', text: plain('Stalled setups') } });
    expect(owner).toMatchObject({ type: 'users_select', action_id: 'board_owner', selected_user: ADA.id });
    expect(menu).toMatchObject({ type: 'overflow', action_id: 'link_menu', block_id: 'link_acme', selected_option: { value: 'revoke:L-acme1' } });
    expect(actions[2]?.view?.state.values.filters).toEqual({
      board_show: { type: 'static_select', selected_option: SHOW.stalled },
      board_owner: { type: 'users_select', selected_user: ADA.id },
    });
    for (const body of actions) expect(body).toMatchObject({ container: { type: 'view' } });
    // The choices stay on screen (the view's state), and the overflow menu is ready again.
    await expect.poll(() => home().locator('select[data-action-id="board_show"]').inputValue()).toBe('stalled');
    // A choice may redraw the tab: each control is read once the redraw has settled.
    await expect.poll(() => home().locator('select[data-action-id="board_owner"]').inputValue()).toBe(ADA.id);
    await expect.poll(() => home().locator('[data-block-id="link_acme"] select.overflow').inputValue()).toBe('');
    await page.screenshot({ path: `${RESULTS_DIR}home-tab.png` });
  });

  it("shows each person their own Home tab, and the bot's messages under the Messages tab", async () => {
    await slack.openHome(ADA);
    await expect.poll(() => opened.at(-1)?.user).toBe(ADA.id);
    expect(await home().textContent()).toContain('sso-portal-bot has not published a Home tab for you yet.');

    await slack.openHome(CARL);
    await expect.poll(() => opened.filter((e) => e.user === CARL.id).length).toBe(2);
    expect(opened.at(-1)?.view?.id).toBe(fake.homeView(CARL.id)?.id); // Slack sends the published view along
    await home().locator('.home-view').waitFor();

    await app.client.chat.postMessage({ channel: CARL.id, text: 'A note for Carl' });
    await page.click('#app-tabs button[data-tab="dm"]');
    await page.waitForSelector(`#messages[data-shown="${CARL.id}|dm"]`, { state: 'attached' });
    await expect.poll(() => page.textContent('#messages')).toContain('A note for Carl');
    expect(await home().isHidden()).toBe(true);
    await page.click('#app-tabs button[data-tab="home"]');
    await home().locator('.home-view').waitFor();
  });
});
