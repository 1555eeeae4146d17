import type { KnownBlock, ModalView, PlainTextOption } from '@slack/web-api';
import { describeDuration, parseDuration } from '../../core/duration.js';
import { IDP_GUIDES } from '../../core/guides.js';
import { MAX_NOTE_LENGTH } from '../../core/links/options.js';
import { LINK_SCOPES, type LinkScope } from '../../core/links/scope.js';
import { context } from './mrkdwn.js';
import { SCOPE_WORDS } from './scope-words.js';

export const ISSUE_MODAL_CALLBACK_ID = 'sso_portal_issue_modal';

/** Each input's block_id; its element's action_id is the same, so a value is `values[id][id]`. */
export const ISSUE_FIELDS = {
  customer: 'customer',
  kind: 'kind',
  scope: 'scope',
  lifetime: 'lifetime',
  idp: 'idp',
  note: 'note',
  channel: 'channel',
  post: 'post',
} as const;

export const POST_IN_CHANNEL = 'post';
const LIFETIMES = ['1d', '3d', '7d', '14d', '30d'];
const DEFAULT_LIFETIME = '7d';

/** What the modal carries from the shortcut to the submission (Slack echoes it back). */
export interface IssueModalMetadata {
  /** The channel of a message shortcut; a global shortcut has none. */
  channelId: string | null;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const option = (text: string, value: string): PlainTextOption => ({ text: plain(text), value });
const lifetimeOption = (value: string) => option(describeDuration(parseDuration(value) as number), value);

const hostedOption = {
  text: plain('Hosted setup page'),
  description: plain('Valid for days, can be revoked. Safe to send by email.'),
  value: 'hosted',
};
const directOption = {
  text: plain('Direct single-use link'),
  description: plain('Scalekit’s own link: open within a minute, works once. For a live call.'),
  value: 'direct',
};

const scopeOption = (scope: LinkScope) => ({ text: plain(SCOPE_WORDS[scope].choice), description: plain(SCOPE_WORDS[scope].hint), value: scope });

/**
 * The point-and-click form of `/sso-portal <customer> [--direct] [--sso|--scim] [--ttl] [--idp] [--note] [--post]`;
 * `customer` fills in the customer (a new customer's first link).
 */
export function issueModal({ channelId, customer }: IssueModalMetadata & { customer?: string }): ModalView {
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: ISSUE_FIELDS.customer,
      label: plain('Customer'),
      hint: plain('An alias such as acme, a Scalekit organization id (org_...), or ext:<external id>.'),
      element: { type: 'plain_text_input', action_id: ISSUE_FIELDS.customer, placeholder: plain('acme'), ...(customer ? { initial_value: customer } : {}) },
    },
    {
      type: 'input',
      block_id: ISSUE_FIELDS.kind,
      label: plain('Kind of link'),
      element: {
        type: 'radio_buttons',
        action_id: ISSUE_FIELDS.kind,
        initial_option: hostedOption,
        options: [hostedOption, directOption],
      },
    },
    {
      type: 'input',
      block_id: ISSUE_FIELDS.scope,
      label: plain('What it sets up'),
      element: {
        type: 'radio_buttons',
        action_id: ISSUE_FIELDS.scope,
        initial_option: scopeOption('all'),
        options: LINK_SCOPES.map(scopeOption),
      },
    },
    {
      type: 'input',
      block_id: ISSUE_FIELDS.lifetime,
      label: plain('Lifetime'),
      hint: plain('Hosted pages only: a direct link always expires a minute after it is sent.'),
      element: {
        type: 'static_select',
        action_id: ISSUE_FIELDS.lifetime,
        initial_option: lifetimeOption(DEFAULT_LIFETIME),
        options: LIFETIMES.map(lifetimeOption),
      },
    },
    {
      type: 'input',
      block_id: ISSUE_FIELDS.idp,
      optional: true,
      label: plain('Identity provider'),
      hint: plain('Puts that provider’s setup guides next to the link; without one, the common ones.'),
      element: {
        type: 'static_select',
        action_id: ISSUE_FIELDS.idp,
        placeholder: plain('Any'),
        options: IDP_GUIDES.map((idp) => option(idp.name, idp.key)),
      },
    },
    {
      type: 'input',
      block_id: ISSUE_FIELDS.note,
      optional: true,
      label: plain('Note'),
      hint: plain('Shown under the link and kept in the audit trail.'),
      element: { type: 'plain_text_input', action_id: ISSUE_FIELDS.note, multiline: true, max_length: MAX_NOTE_LENGTH },
    },
  ];
  // A global shortcut does not know where it was used, so it asks; a message shortcut says where.
  blocks.push(
    channelId
      ? context(`For <#${channelId}>. Unless you tick the box below, the link comes to you only.`)
      : {
          type: 'input',
          block_id: ISSUE_FIELDS.channel,
          optional: true,
          label: plain('Post in'),
          hint: plain('Without one, the link comes to you as a direct message.'),
          element: {
            type: 'conversations_select',
            action_id: ISSUE_FIELDS.channel,
            placeholder: plain('Choose a channel'),
            filter: { include: ['public', 'private'], exclude_bot_users: true },
          },
        },
    {
      type: 'input',
      block_id: ISSUE_FIELDS.post,
      optional: true,
      label: plain('Visibility'),
      element: {
        type: 'checkboxes',
        action_id: ISSUE_FIELDS.post,
        options: [
          {
            text: { type: 'mrkdwn', text: '*Post it in the channel*' },
            description: plain('For everyone there. Otherwise only you see the link, to pass on.'),
            value: POST_IN_CHANNEL,
          },
        ],
      },
    },
  );
  return {
    type: 'modal',
    callback_id: ISSUE_MODAL_CALLBACK_ID,
    title: plain('Send SSO setup link'),
    submit: plain('Send'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify({ channelId } satisfies IssueModalMetadata),
    blocks,
  };
}
