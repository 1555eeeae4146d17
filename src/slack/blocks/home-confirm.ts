// Asks before a Home row's Replace or Revoke: a menu cannot ask for one choice alone.
import type { ModalView } from '@slack/web-api';
import { code, section } from './mrkdwn.js';

export const HOME_CONFIRM_CALLBACK_ID = 'home_confirm';

export type ConfirmedAction = 'replace' | 'revoke';

const WORDS: Record<ConfirmedAction, { verb: string; consequence: string }> = {
  revoke: { verb: 'Revoke', consequence: '' },
  replace: { verb: 'Replace', consequence: ' and says it was replaced; you get a fresh link with the same settings to send instead' },
};

const plain = (text: string) => ({ type: 'plain_text' as const, text });

export function homeConfirmModal(action: ConfirmedAction, linkId: string): ModalView {
  const { verb, consequence } = WORDS[action];
  return {
    type: 'modal',
    callback_id: HOME_CONFIRM_CALLBACK_ID,
    private_metadata: JSON.stringify({ action, linkId }),
    title: plain(`${verb} the link?`),
    submit: plain(verb),
    close: plain('Keep it'),
    blocks: [section(`The customer's setup page ${code(linkId)} stops working at once${consequence}.`)],
  };
}
