// Requests the bot cannot take: a payload missing what Bolt or a listener reads, or an action,
// form or shortcut id no listener knows. Each is acknowledged at once (never Bolt's HTTP 500 or
// its 404 after 3 s, never a Socket Mode envelope left unanswered), logged without the payload's
// secrets, and the person who sent it is told.

import { describe, expect, it } from 'vitest';
import { fakeTriggerId, sendInteraction, type SlackApiCall } from '../../emulators/slack/index.js';
import { HOME_ACTIONS } from '../../src/slack/blocks/home.js';
import { HOME_CONFIRM_CALLBACK_ID } from '../../src/slack/blocks/home-confirm.js';
import { ISSUE_MODAL_CALLBACK_ID } from '../../src/slack/blocks/issue-modal.js';
import { ISSUE_HERE_SHORTCUT, ISSUE_SHORTCUT } from '../../src/slack/listeners/shortcuts/index.js';
import { messageText, SIGNING_SECRET, TEAM_ID, USERS, useTestBot, type TestBot } from '../helpers/bot.js';

const VERIFICATION_TOKEN = 'fake-verification-token';
const NOT_UNDERSTOOD = 'did not understand that action';

const user = { id: USERS.csm.id, username: USERS.csm.name, name: USERS.csm.name, team_id: TEAM_ID };
const common = () => ({
  token: VERIFICATION_TOKEN,
  team: { id: TEAM_ID, domain: 'fake-team' },
  api_app_id: 'A0FAKEAPP',
  is_enterprise_install: false,
  enterprise: null,
  trigger_id: fakeTriggerId(),
});

const view = (fields: Record<string, unknown> = {}) => ({
  id: 'V0MODAL1',
  team_id: TEAM_ID,
  type: 'modal',
  callback_id: ISSUE_MODAL_CALLBACK_ID,
  private_metadata: JSON.stringify({ channelId: null }),
  state: { values: { customer: { customer: { type: 'plain_text_input', value: 'acme' } } } },
  ...fields,
});

const viewSubmission = (fields: Record<string, unknown>) => ({ ...common(), type: 'view_submission', user, view: view(), response_urls: [], ...fields });

const blockActions = (t: TestBot, fields: Record<string, unknown>) => ({
  ...common(),
  type: 'block_actions',
  user,
  channel: { id: 'C0GENERAL', name: 'general' },
  container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0GENERAL', is_ephemeral: true },
  response_url: t.slack.responseUrl(),
  actions: [{ action_id: 'open_setup_link', block_id: 'b', type: 'button', action_ts: '1' }],
  ...fields,
});

/** A choice in a Home row's menu, as Slack sends it from the Home tab: no channel, no response URL. */
const homeRowChoice = (value: string) => ({
  ...common(),
  type: 'block_actions',
  user,
  container: { type: 'view', view_id: 'V0HOME' },
  view: { id: 'V0HOME', type: 'home', private_metadata: '', hash: '1700000000.abc', state: { values: {} } },
  actions: [{ action_id: HOME_ACTIONS.row, block_id: 'row', type: 'overflow', selected_option: { text: { type: 'plain_text', text: 'x' }, value }, action_ts: '1' }],
});

const globalShortcut = (callbackId: string) => ({ ...common(), type: 'shortcut', callback_id: callbackId, user, action_ts: '1' });

const messageShortcut = (t: TestBot, callbackId: string) => ({
  ...common(),
  type: 'message_action',
  callback_id: callbackId,
  user,
  channel: { id: 'C0ACME', name: 'customer-acme' },
  message_ts: '1700000000.000100',
  message: { type: 'message', user: USERS.admin.id, ts: '1700000000.000100', text: 'Acme wants SSO' },
  response_url: t.slack.responseUrl(),
});

/** The warning logged since `from` that names `expected`; it must not quote the payload's secrets. */
function expectWarning(t: TestBot, from: number, expected: RegExp, payload: Record<string, unknown>): void {
  const lines = t.logs.slice(from).filter((line) => line.includes('Did not understand'));
  expect(lines).toHaveLength(1);
  const line = lines[0] as string;
  const { level, msg, requestId } = JSON.parse(line) as { level: number; msg: string; requestId?: string };
  expect(level).toBe(40); // warn
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/); // every line of a Slack request names it
  expect(msg).toMatch(expected);
  for (const secret of [VERIFICATION_TOKEN, payload.trigger_id, payload.response_url]) {
    if (typeof secret === 'string') expect(line).not.toContain(secret);
  }
}

const told = (call: SlackApiCall) => messageText(call.args as { text?: string; blocks?: unknown[] });

describe('requests the bot cannot take, over HTTP', () => {
  const ctx = useTestBot({ resetFakes: true });

  /** Sends `payload` signed and expects Bolt's empty 200 ack (not a 500, nor the 404 of an unanswered request). */
  async function sendAcked(payload: Record<string, unknown>): Promise<number> {
    const from = ctx.t.logs.length;
    const answer = await sendInteraction({ appUrl: ctx.t.appUrl, signingSecret: SIGNING_SECRET, payload });
    expect(answer).toMatchObject({ status: 200, body: '' });
    return from;
  }

  const toldByDm = async () => told(await ctx.t.slack.waitForCall('chat.postMessage', (c) => c.args.channel === USERS.csm.id));
  const toldIn = async (channel: string) =>
    told(await ctx.t.slack.waitForCall('chat.postEphemeral', (c) => c.args.channel === channel && c.args.user === USERS.csm.id));

  it('a form submitted without its view', async () => {
    const payload = viewSubmission({ view: undefined });
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, /view_submission.*U0CSM.*view: .*expected object/, payload);
    expect(await toldByDm()).toContain(NOT_UNDERSTOOD);
  });

  it("a form submitted without its state (Bolt's `reading 'customer'`)", async () => {
    const payload = viewSubmission({ view: view({ state: {} }) });
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, /view_submission "sso_portal_issue_modal".*view\.state\.values/, payload);
    expect(await toldByDm()).toContain(NOT_UNDERSTOOD);
    expect(ctx.t.slack.callsTo('chat.postEphemeral')).toEqual([]);
  });

  it('a form submitted without a user: logged, with nobody to tell', async () => {
    const payload = viewSubmission({ user: undefined });
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, /view_submission "sso_portal_issue_modal".*no known user.*user: /, payload);
  });

  it('a button click whose actions are not a list', async () => {
    const payload = blockActions(ctx.t, { actions: { action_id: 'revoke_link', value: 'L-1' } });
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, /block action.*U0CSM.*actions: .*expected array/, payload);
    expect(await toldIn('C0GENERAL')).toContain(NOT_UNDERSTOOD);
  });

  it('a click on a button the bot does not know', async () => {
    const payload = blockActions(ctx.t, { actions: [{ action_id: 'no_such_button', block_id: 'b', type: 'button', action_ts: '1' }] });
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, /block action "no_such_button".*U0CSM.*no listener/, payload);
    expect(await toldIn('C0GENERAL')).toContain(NOT_UNDERSTOOD);
  });

  // Found by the fuzz test: such a choice was dropped without a word.
  it.each(['archive acme', 'statusacme', 'send', 'extend ', ' acme'])('a Home menu choice the tab never offers: %j', async (value) => {
    const payload = homeRowChoice(value);
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, /block action "home_row".*U0CSM.*menu choice/, payload);
    expect(await toldByDm()).toContain(NOT_UNDERSTOOD);
    expect(ctx.t.slack.callsTo('views.open')).toEqual([]);
  });

  // Found by the fuzz test: such metadata was answered "Something went wrong on our side", with an error logged.
  it.each(['', 'revoke L-1', '{"action":"archive","linkId":"L-1"}', '{"action":"revoke"}', '[]'])('a Home confirmation whose metadata is not the one the tab made: %j', async (metadata) => {
    const payload = viewSubmission({ view: view({ callback_id: HOME_CONFIRM_CALLBACK_ID, private_metadata: metadata, state: { values: {} } }) });
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, /view_submission "home_confirm".*U0CSM.*metadata/, payload);
    expect(await toldByDm()).toContain(NOT_UNDERSTOOD);
    expect(ctx.t.logs.slice(from).filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
  });

  // Found by the fuzz test: a channel id of the sender's choosing came back as markup (`For <#<!everyone>>`).
  it('a message shortcut from a channel whose id is markup', async () => {
    const payload = { ...messageShortcut(ctx.t, ISSUE_HERE_SHORTCUT), channel: { id: '<!everyone>', name: 'x' } };
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, /message_action "sso_portal_issue_here".*channel\.id: not a conversation id/, payload);
    expect(await toldByDm()).toContain(NOT_UNDERSTOOD);
    expect(ctx.t.slack.callsTo('views.open')).toEqual([]);
  });

  it('a form the bot does not know', async () => {
    const payload = viewSubmission({ view: view({ callback_id: 'no_such_form' }) });
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, /view_submission "no_such_form".*no listener/, payload);
    expect(await toldByDm()).toContain(NOT_UNDERSTOOD);
  });

  it("a global shortcut sent with the message shortcut's callback id", async () => {
    const payload = globalShortcut(ISSUE_HERE_SHORTCUT);
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, new RegExp(`shortcut "${ISSUE_HERE_SHORTCUT}".*no listener`), payload);
    expect(await toldByDm()).toContain(NOT_UNDERSTOOD);
    expect(ctx.t.slack.callsTo('views.open')).toEqual([]);
  });

  it("a message shortcut sent with the global shortcut's callback id", async () => {
    const payload = messageShortcut(ctx.t, ISSUE_SHORTCUT);
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, new RegExp(`message_action "${ISSUE_SHORTCUT}".*no listener`), payload);
    expect(await toldIn('C0ACME')).toContain(NOT_UNDERSTOOD);
    expect(ctx.t.slack.callsTo('views.open')).toEqual([]);
  });

  it('a kind of interaction the bot takes none of', async () => {
    const payload = { ...common(), type: 'block_suggestion', user, action_id: 'customer', value: 'ac' };
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, /options request.*U0CSM/, payload);
    expect(await toldByDm()).toContain(NOT_UNDERSTOOD);
  });
});

describe('requests the bot cannot take, over Socket Mode', () => {
  const ctx = useTestBot({ socketMode: true, resetFakes: true });

  /** Sends `payload` in an envelope and waits for the bot's ack (without the fix, none ever came). */
  async function sendAcked(payload: Record<string, unknown>): Promise<number> {
    const from = ctx.t.logs.length;
    const ack = await ctx.t.slack.socketMode.send('interactive', payload);
    expect(ack.envelopeId).toEqual(expect.any(String));
    return from;
  }

  it('a form submitted without its view', async () => {
    const payload = viewSubmission({ view: undefined });
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, /view_submission.*view: /, payload);
    const dm = await ctx.t.slack.waitForCall('chat.postMessage', (c) => c.args.channel === USERS.csm.id);
    expect(told(dm)).toContain(NOT_UNDERSTOOD);
  });

  it('a button click whose actions are not a list', async () => {
    const payload = blockActions(ctx.t, { actions: 'revoke_link' });
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, /block action.*actions: /, payload);
    const ephemeral = await ctx.t.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === USERS.csm.id);
    expect(told(ephemeral)).toContain(NOT_UNDERSTOOD);
  });

  it("a global shortcut sent with the message shortcut's callback id", async () => {
    const payload = globalShortcut(ISSUE_HERE_SHORTCUT);
    const from = await sendAcked(payload);
    expectWarning(ctx.t, from, /shortcut "sso_portal_issue_here".*no listener/, payload);
    const dm = await ctx.t.slack.waitForCall('chat.postMessage', (c) => c.args.channel === USERS.csm.id);
    expect(told(dm)).toContain(NOT_UNDERSTOOD);
    expect(ctx.t.slack.callsTo('views.open')).toEqual([]);
  });
});
