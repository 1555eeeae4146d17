// The requests of the fuzz test: slash commands and the interactive payloads Slack sends for the
// bot's buttons, menus, forms and shortcuts, with fuzzed values where a person (or a forged
// client) chooses them. Each case knows where its answer must show, to check that it came.
import fc from 'fast-check';
import { escapeCommandText, fakeTriggerId } from '../../emulators/slack/index.js';
import { CHANNELS, TEAM, USERS } from '../../emulators/world.js';
import { HOME_ACTIONS } from '../../src/slack/blocks/home.js';
import { HOME_CONFIRM_CALLBACK_ID } from '../../src/slack/blocks/home-confirm.js';
import { ISSUE_FIELDS, ISSUE_MODAL_CALLBACK_ID, POST_IN_CHANNEL } from '../../src/slack/blocks/issue-modal.js';
import { LIST_ACTIONS, MESSAGE_ACTIONS } from '../../src/slack/blocks/link-actions.js';
import { SEND_FIRST_LINK_ACTION } from '../../src/slack/blocks/new-customer.js';
import { NEW_CUSTOMER_ACTION, NEW_CUSTOMER_FIELDS, NEW_CUSTOMER_MODAL_CALLBACK_ID } from '../../src/slack/blocks/new-customer-modal.js';
import { STOP_REMINDERS_ACTION } from '../../src/slack/blocks/reminder.js';
import { SUBCOMMANDS } from '../../src/slack/command-parser.js';
import { ISSUE_HERE_SHORTCUT, ISSUE_SHORTCUT } from '../../src/slack/listeners/shortcuts/index.js';
import { fuzzText, IDP_KEYS, LINK_SCOPES, selectValue } from './fuzz-inputs.js';

/** Links issued before the run, so that buttons and menus act on real ones now and then. */
export interface KnownLink {
  id: string;
  url: string;
}

/** People who click and submit: the workspace's (Slack sends no interaction from anyone else). */
const PEOPLE = Object.values(USERS).map((u) => u.id);
/** People who send commands: those, and one the bot's directory does not know (a deleted account, say). */
export const SENDERS = [...PEOPLE, 'U0NOBODY'];

/** How to tell a case's answer among everything the Slack fake records. */
export interface AnswerKey {
  /** Its own response URL (slash commands, clicks in messages). */
  responseUrl?: string;
  /** Its own trigger id (a form opened in answer). */
  triggerId?: string;
  /** A channel only it uses (an ephemeral answer there). */
  channelId?: string;
  /**
   * It can only be answered in the sender's direct message or Home tab: at most one such case
   * per sender is in flight at a time, and the first such answer after it is sent is its own.
   */
  bySender?: true;
}

export interface FuzzCase {
  kind: string;
  userId: string;
  /** What was sent: the command text, or the interaction payload. */
  command?: { text: string; channelId: string; teamId: string };
  payload?: Record<string, unknown>;
  answer: AnswerKey;
  /** A click Slack answers itself (a link button opens its URL): nothing more to expect than the ack. */
  noAnswer?: true;
}

/** What the cases need from the running bot and fakes. */
export interface CaseContext {
  links: readonly KnownLink[];
  responseUrl(): string;
  /** A channel id no other case uses. */
  freshChannel(): string;
}

const user = (userId: string) => ({ id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: TEAM.id });

const common = (userId: string, triggerId: string) => ({
  token: 'fake-verification-token',
  team: { id: TEAM.id, domain: 'fake-team' },
  api_app_id: 'A0FAKEAPP',
  is_enterprise_install: false,
  enterprise: null,
  trigger_id: triggerId,
  user: user(userId),
});

/** A case is made from a seeded draw; ids that must be unique come from the context when it is built. */
type Draft = (ctx: CaseContext) => FuzzCase;

const sender = fc.constantFrom(...PEOPLE);
const knownChannel = fc.constantFrom(...CHANNELS.map((c) => c.id), 'D0CSM', 'G0PRIVATE');

function commandCase(words: readonly string[]): fc.Arbitrary<Draft> {
  return fc
    .record({
      // Half of them start as a real command would, to get past the first word more often.
      text: fc.oneof(fuzzText(words), fc.tuple(fc.constantFrom(...SUBCOMMANDS, ...words, 'org_acme1', 'ext:CUST-42'), fuzzText(words)).map(([first, rest]) => `${first} ${rest}`)),
      // Slack sends typed text escaped (should_escape); raw, it is markup as a forged client could send.
      escaped: fc.boolean(),
      userId: fc.constantFrom(...SENDERS),
      channel: fc.option(knownChannel, { nil: undefined }),
      // Now and then from another workspace, which the bot refuses in the ack.
      foreignTeam: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
    })
    .map(({ text, escaped, userId, channel, foreignTeam }) => (ctx) => {
      const responseUrl = ctx.responseUrl();
      const sent = escaped ? escapeCommandText(text, { users: Object.values(USERS), channels: CHANNELS }) : text;
      return {
        kind: 'command',
        userId,
        command: { text: sent, channelId: channel ?? ctx.freshChannel(), teamId: foreignTeam ? 'T0OTHER' : TEAM.id },
        answer: { responseUrl },
      };
    });
}

/** A button's value: a real link's id (and address), or anything. */
function buttonValue(ctx: { words: readonly string[]; links: readonly KnownLink[] }): fc.Arbitrary<string | undefined> {
  const real = fc.constantFrom(...ctx.links);
  return fc.oneof(
    real.map((l) => l.id),
    real.map((l) => `${l.id} ${l.url}`),
    fc.tuple(real, fuzzText(ctx.words)).map(([l, text]) => `${l.id} ${text}`),
    fc.tuple(real, real).map(([a, b]) => `${a.id} ${b.url}`),
    fuzzText(ctx.words),
    fc.constant(undefined),
  );
}

const LINK_BUTTONS = [...Object.values(LIST_ACTIONS), ...Object.values(MESSAGE_ACTIONS), STOP_REMINDERS_ACTION];
const FORM_BUTTONS = [NEW_CUSTOMER_ACTION, SEND_FIRST_LINK_ACTION];

/** A click on a button of one of the bot's messages, in a channel of its own or (a reminder) in the sender's DM. */
function messageButtonCase(words: readonly string[], links: readonly KnownLink[]): fc.Arbitrary<Draft> {
  return fc
    .record({
      actionId: fc.constantFrom(...LINK_BUTTONS, ...FORM_BUTTONS, 'open_setup_link'),
      value: buttonValue({ words, links }),
      userId: sender,
      inReminder: fc.boolean(),
    })
    .map(({ actionId, value, userId, inReminder }) => (ctx) => {
      const triggerId = fakeTriggerId();
      const responseUrl = ctx.responseUrl();
      const channelId = ctx.freshChannel();
      const action = { action_id: actionId, block_id: 'b', type: 'button', ...(value === undefined ? {} : { value }), action_ts: '1' };
      const where =
        inReminder && actionId === STOP_REMINDERS_ACTION
          ? {
              container: { type: 'message', message_ts: '1.2', channel_id: `D${userId.slice(1)}`, is_ephemeral: false },
              message: { type: 'message', ts: '1.2', text: 'reminder', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'A reminder' } }, { type: 'actions', elements: [{ ...action, text: { type: 'plain_text', text: 'Stop' } }] }] },
            }
          : { channel: { id: channelId, name: 'fuzz' }, container: { type: 'message', message_ts: '1700000000.000100', channel_id: channelId, is_ephemeral: true } };
      return {
        kind: `button ${actionId}`,
        userId,
        payload: { ...common(userId, triggerId), type: 'block_actions', ...where, response_url: responseUrl, actions: [action] },
        answer: { responseUrl, triggerId, channelId },
        ...(actionId === 'open_setup_link' ? { noAnswer: true as const } : {}),
      };
    });
}

const homeView = (metadata: string) => ({ id: 'V0HOME', type: 'home', private_metadata: metadata, hash: '1700000000.abc', state: { values: {} } });
const homeMetadata = (words: readonly string[]) =>
  fc.oneof(fc.constant(''), fc.constant('{}'), fc.record({ issuerId: fc.option(fc.constantFrom(...SENDERS, 'U123'), { nil: undefined }), stage: fc.option(selectValue(['sent', 'opened', 'finished', 'attention'], words), { nil: undefined }) }).map((m) => JSON.stringify(m)), fuzzText(words));

const ROW_CHOICES = ['send', 'extend', 'replace', 'revoke', 'status'];

/** A choice in a Home row's menu, or in the Home tab's filters. */
function homeCase(words: readonly string[], links: readonly KnownLink[]): fc.Arbitrary<Draft> {
  const subject = fc.oneof(fc.constantFrom(...links.map((l) => l.id), ...words), fuzzText(words));
  const row = fc.tuple(selectValue(ROW_CHOICES, words), fc.constantFrom(' ', '', '  '), subject).map(([choice, space, what]) => ({
    action_id: HOME_ACTIONS.row,
    block_id: 'row',
    type: 'overflow',
    selected_option: { text: { type: 'plain_text', text: 'x' }, value: `${choice}${space}${what}` },
  }));
  const stage = selectValue(['all', 'sent', 'opened', 'portal', 'sso', 'directory', 'attention', 'finished'], words).map((value) => ({
    action_id: HOME_ACTIONS.stage,
    block_id: 'filters',
    type: 'static_select',
    selected_option: { text: { type: 'plain_text', text: 'x' }, value },
  }));
  const csm = selectValue(SENDERS, words).map((value) => ({ action_id: HOME_ACTIONS.csm, block_id: 'filters', type: 'users_select', selected_user: value }));
  const everyone = fc.constant({ action_id: HOME_ACTIONS.everyone, block_id: 'filters', type: 'button' });
  return fc
    .record({ action: fc.oneof({ weight: 3, arbitrary: row }, stage, csm, everyone), metadata: homeMetadata(words), userId: sender })
    .map(({ action, metadata, userId }) => () => {
      const triggerId = fakeTriggerId();
      return {
        kind: `home ${action.action_id}`,
        userId,
        payload: { ...common(userId, triggerId), type: 'block_actions', container: { type: 'view', view_id: 'V0HOME' }, view: homeView(metadata), actions: [{ ...action, action_ts: '1' }] },
        answer: { triggerId, bySender: true },
      };
    });
}

const input = (id: string, state: Record<string, unknown>) => ({ [id]: { [id]: state } });
const option = (value: string) => ({ text: { type: 'plain_text', text: value.slice(0, 20) }, value });

/** Fields of a form, each present or not, with fuzzed values. */
function maybe<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq: 5 });
}

/** The issue form, sent with anything in it; the channel named by the message shortcut's metadata or the form's select. */
function issueFormCase(words: readonly string[]): fc.Arbitrary<Draft> {
  const text = fuzzText(words);
  return fc
    .record({
      customer: maybe(fc.oneof(selectValue(['acme', 'globex', 'org_acme1', 'ext:CUST-42'], words), text)),
      kind: maybe(selectValue(['hosted', 'direct'], words)),
      scope: maybe(selectValue(LINK_SCOPES, words)),
      lifetime: maybe(selectValue(['1d', '3d', '7d', '14d', '30d'], words)),
      idp: maybe(fc.oneof(fc.constant(null), selectValue(IDP_KEYS, words))),
      note: maybe(fc.oneof(fc.constant(null), text)),
      post: maybe(fc.oneof(fc.constant([POST_IN_CHANNEL]), fc.constant([]), fc.array(text, { maxLength: 2 }))),
      channel: fc.oneof(fc.constant('fresh'), fc.constant(null), knownChannel, text),
      channelIn: fc.constantFrom('metadata', 'select'),
      metadata: fc.oneof(fc.constant(undefined), fc.constant(''), text),
      userId: sender,
    })
    .map((f) => (ctx) => {
      const channel = f.channel === 'fresh' ? ctx.freshChannel() : f.channel;
      const values = {
        ...(f.customer !== undefined ? input(ISSUE_FIELDS.customer, { type: 'plain_text_input', value: f.customer }) : {}),
        ...(f.kind !== undefined ? input(ISSUE_FIELDS.kind, { type: 'radio_buttons', selected_option: option(f.kind) }) : {}),
        ...(f.scope !== undefined ? input(ISSUE_FIELDS.scope, { type: 'radio_buttons', selected_option: option(f.scope) }) : {}),
        ...(f.lifetime !== undefined ? input(ISSUE_FIELDS.lifetime, { type: 'static_select', selected_option: option(f.lifetime) }) : {}),
        ...(f.idp !== undefined ? input(ISSUE_FIELDS.idp, { type: 'static_select', selected_option: f.idp === null ? null : option(f.idp) }) : {}),
        ...(f.note !== undefined ? input(ISSUE_FIELDS.note, { type: 'plain_text_input', value: f.note }) : {}),
        ...(f.post !== undefined ? input(ISSUE_FIELDS.post, { type: 'checkboxes', selected_options: f.post.map(option) }) : {}),
        ...(f.channelIn === 'select' ? input(ISSUE_FIELDS.channel, { type: 'conversations_select', selected_conversation: channel }) : {}),
      };
      const metadata = f.channelIn === 'metadata' ? JSON.stringify({ channelId: channel }) : (f.metadata ?? JSON.stringify({ channelId: null }));
      const submitted = viewSubmission('issue form', f.userId, ISSUE_MODAL_CALLBACK_ID, metadata, values);
      // In a channel of its own, the answer is an ephemeral message there; otherwise a DM.
      return f.channel === 'fresh' ? { ...submitted, answer: { triggerId: submitted.answer.triggerId, channelId: channel as string } } : submitted;
    });
}

/** The new-customer form, sent with anything in it (by an admin, mostly: only they may add customers). */
function newCustomerFormCase(words: readonly string[]): fc.Arbitrary<Draft> {
  const text = fuzzText(words);
  const domain = fc.oneof(fc.constantFrom('acme.com', 'fuzz.example', 'a.b.c', 'exa mple.com', 'xn--bcher-kva.example', '.com', 'com'), text);
  return fc
    .record({
      name: maybe(text),
      alias: maybe(fc.oneof(fc.constant(null), text)),
      externalId: maybe(fc.oneof(fc.constant(null), text)),
      domains: maybe(fc.oneof(fc.constant(null), fc.array(domain, { maxLength: 4 }).map((d) => d.join(', ')))),
      channel: maybe(fc.oneof(fc.constant(null), knownChannel, text)),
      userId: fc.oneof({ weight: 4, arbitrary: fc.constant(USERS.admin.id) }, sender),
    })
    .map((f) => () => {
      const { name, alias, externalId, domains, channel } = NEW_CUSTOMER_FIELDS;
      const values = {
        ...(f.name !== undefined ? input(name, { type: 'plain_text_input', value: f.name }) : {}),
        ...(f.alias !== undefined ? input(alias, { type: 'plain_text_input', value: f.alias }) : {}),
        ...(f.externalId !== undefined ? input(externalId, { type: 'plain_text_input', value: f.externalId }) : {}),
        ...(f.domains !== undefined ? input(domains, { type: 'plain_text_input', value: f.domains }) : {}),
        ...(f.channel !== undefined ? input(channel, { type: 'conversations_select', selected_conversation: f.channel }) : {}),
      };
      return viewSubmission('new-customer form', f.userId, NEW_CUSTOMER_MODAL_CALLBACK_ID, '', values);
    });
}

/** The Home tab's Replace or Revoke confirmation, with anything in its metadata. */
function homeConfirmCase(words: readonly string[], links: readonly KnownLink[]): fc.Arbitrary<Draft> {
  const metadata = fc.oneof(
    fc.record({ action: selectValue(['replace', 'revoke'], words), linkId: fc.oneof(fc.constantFrom(...links.map((l) => l.id)), fuzzText(words)) }).map((m) => JSON.stringify(m)),
    fuzzText(words),
  );
  return fc.record({ metadata, userId: sender }).map(({ metadata: m, userId }) => () => viewSubmission('home confirm', userId, HOME_CONFIRM_CALLBACK_ID, m, {}));
}

function viewSubmission(kind: string, userId: string, callbackId: string, metadata: string, values: Record<string, unknown>): FuzzCase {
  const triggerId = fakeTriggerId();
  return {
    kind,
    userId,
    payload: {
      ...common(userId, triggerId),
      type: 'view_submission',
      view: { id: 'V0MODAL', team_id: TEAM.id, type: 'modal', callback_id: callbackId, private_metadata: metadata, hash: '1700000000.abc', state: { values } },
      response_urls: [],
    },
    answer: { triggerId, bySender: true },
  };
}

/** The global shortcut, and the message shortcut from a channel of its own or a fuzzed one. */
function shortcutCase(words: readonly string[]): fc.Arbitrary<Draft> {
  return fc
    .record({ global: fc.boolean(), channel: fc.oneof(fc.constant('fresh'), knownChannel, fuzzText(words)), text: fuzzText(words), userId: sender })
    .map(({ global, channel, text, userId }) => (ctx) => {
      const triggerId = fakeTriggerId();
      if (global) {
        return { kind: 'global shortcut', userId, payload: { ...common(userId, triggerId), type: 'shortcut', callback_id: ISSUE_SHORTCUT, action_ts: '1' }, answer: { triggerId } };
      }
      const fresh = channel === 'fresh' || channel === '';
      const channelId = fresh ? ctx.freshChannel() : channel;
      const responseUrl = ctx.responseUrl();
      return {
        kind: 'message shortcut',
        userId,
        payload: {
          ...common(userId, triggerId),
          type: 'message_action',
          callback_id: ISSUE_HERE_SHORTCUT,
          channel: { id: channelId, name: 'fuzz' },
          message_ts: '1700000000.000100',
          message: { type: 'message', user: USERS.admin.id, ts: '1700000000.000100', text },
          response_url: responseUrl,
        },
        // A channel that is no conversation id is refused, and the refusal goes by DM.
        answer: fresh ? { triggerId, responseUrl, channelId } : { triggerId, responseUrl, channelId, bySender: true },
      };
    });
}

/** Every kind of request, weighted towards commands (the most varied input). */
export function fuzzCase(words: readonly string[], links: readonly KnownLink[]): fc.Arbitrary<Draft> {
  return fc.oneof(
    { weight: 10, arbitrary: commandCase(words) },
    { weight: 4, arbitrary: messageButtonCase(words, links) },
    { weight: 2, arbitrary: homeCase(words, links) },
    { weight: 3, arbitrary: issueFormCase(words) },
    { weight: 2, arbitrary: newCustomerFormCase(words) },
    { weight: 1, arbitrary: homeConfirmCase(words, links) },
    { weight: 1, arbitrary: shortcutCase(words) },
  );
}
