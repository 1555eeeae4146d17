import type { ActionsBlock, Button } from '@slack/web-api';
import type { LinkButtonAction } from '../../core/links/link.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** The link message's buttons: it shows the link, so each answer redraws it in place (Copy aside). */
export const MESSAGE_ACTIONS = {
  copy: 'link_message_copy',
  extend: 'link_message_extend',
  replace: 'link_message_replace',
  revoke: 'link_message_revoke',
} as const satisfies Record<LinkButtonAction, string>;

/** A list's buttons: the list shows no address to redraw, so each answer is a message of its own. */
export const LIST_ACTIONS = {
  extend: 'extend_link',
  replace: 'replace_link',
  revoke: 'revoke_link',
} as const satisfies Partial<Record<LinkButtonAction, string>>;

/**
 * A button's value: the link's id and, on the link message, its address, which exists nowhere
 * else after issue (only the token's hash is stored). It goes only where the message already
 * shows it; whole, not as a bare token, so that the logs' scrubbing of `/p/<token>` hides it
 * should a request body be logged (Bolt's developer mode logs each); and it is checked against
 * the link before it is shown again.
 */
function buttonValue(linkId: string, url: string | undefined): string {
  return url === undefined ? linkId : `${linkId} ${url}`;
}

/** What a button's value says, read without trusting it: the core checks both parts. */
export function readButtonValue(value: string | undefined): { linkId: string; shownUrl: string | undefined } {
  const text = value ?? '';
  const space = text.indexOf(' ');
  return space < 0 ? { linkId: text, shownUrl: undefined } : { linkId: text.slice(0, space), shownUrl: text.slice(space + 1) };
}

interface ButtonLink {
  id: string;
  orgName: string;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });

/** Asks first: the customer's page stops working at once. */
function confirmEnd(verb: string, link: ButtonLink, consequence: string): Button['confirm'] {
  return {
    title: plain(`${verb} ${link.id}?`),
    text: { type: 'mrkdwn', text: `The setup page for *${escapeMrkdwn(link.orgName)}* stops working at once${consequence}.` },
    confirm: plain(verb),
    deny: plain('Keep it'),
    style: 'danger',
  };
}

const LABELS: Record<LinkButtonAction, string> = { copy: 'Copy for the customer', extend: 'Extend', replace: 'Replace', revoke: 'Revoke' };

function actionButton(action: LinkButtonAction, actionId: string, link: ButtonLink, url: string | undefined): Button {
  const button: Button = { type: 'button', action_id: actionId, text: plain(LABELS[action]), value: buttonValue(link.id, url) };
  if (action === 'revoke') return { ...button, style: 'danger', confirm: confirmEnd('Revoke', link, '') };
  if (action === 'replace') {
    return { ...button, confirm: confirmEnd('Replace', link, ' and says it was replaced; you get a fresh link with the same settings to send instead') };
  }
  return button;
}

/** The link message's buttons for `actions`; Copy and Extend carry the address the message shows. */
export function messageButtons(link: ButtonLink, url: string, actions: readonly LinkButtonAction[]): ActionsBlock {
  // In MESSAGE_ACTIONS' order: Copy, what the message is for once issued, first.
  const shown = (Object.keys(MESSAGE_ACTIONS) as LinkButtonAction[]).filter((action) => actions.includes(action));
  const elements = shown.map((action) => actionButton(action, MESSAGE_ACTIONS[action], link, action === 'copy' || action === 'extend' ? url : undefined));
  return { type: 'actions', elements };
}

/** A listed link's buttons for `actions` (a list shows no address: nothing to copy). */
export function listButtons(link: ButtonLink, actions: readonly LinkButtonAction[]): ActionsBlock | undefined {
  const elements = actions.flatMap((action) => (action === 'copy' ? [] : [actionButton(action, LIST_ACTIONS[action], link, undefined)]));
  return elements.length ? { type: 'actions', elements } : undefined;
}
