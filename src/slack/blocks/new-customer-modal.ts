import type { Button, InputBlock, KnownBlock, ModalView, PlainTextInput } from '@slack/web-api';
import { MAX_EXTERNAL_ID_LENGTH, MAX_NAME_LENGTH } from '../../core/customers/request.js';

/** A button's action id: opens the new-customer form (the orgs list has one; so may the Home tab). */
export const NEW_CUSTOMER_ACTION = 'new_customer';
export const NEW_CUSTOMER_MODAL_CALLBACK_ID = 'sso_portal_new_customer_modal';

/** Each input's block_id; its element's action_id is the same, so a value is `values[id][id]`. */
export const NEW_CUSTOMER_FIELDS = {
  name: 'name',
  alias: 'alias',
  externalId: 'external_id',
  domains: 'domains',
  channel: 'channel',
} as const;

const plain = (text: string) => ({ type: 'plain_text' as const, text });

/** The button that opens the form. */
export function newCustomerButton(): Button {
  return { type: 'button', action_id: NEW_CUSTOMER_ACTION, text: plain('New customer') };
}

const textInput = (id: string, label: string, hint: string, element: Partial<PlainTextInput> = {}, optional = true): InputBlock => ({
  type: 'input',
  block_id: id,
  optional,
  label: plain(label),
  hint: plain(hint),
  element: { type: 'plain_text_input', action_id: id, ...element },
});

/** The point-and-click form of `/sso-portal new "<name>" [--alias] [--external-id] [--domain ...] [--channel]`. */
export function newCustomerModal(): ModalView {
  const { name, alias, externalId, domains, channel } = NEW_CUSTOMER_FIELDS;
  const blocks: KnownBlock[] = [
    textInput(name, 'Name', 'As Scalekit and the customer’s IT admin will see it.', { max_length: MAX_NAME_LENGTH, placeholder: plain('Acme Corp') }, false),
    textInput(alias, 'Alias', 'What people type: /sso-portal acme. Without one, it is made from the name (Acme Corp → acme-corp).', { placeholder: plain('acme') }),
    textInput(externalId, 'External id', 'Your own id for the customer (CRM, billing). If Scalekit has an organization with it already, that one is mapped instead.', { max_length: MAX_EXTERNAL_ID_LENGTH }),
    textInput(domains, 'Domains', 'Its e-mail domains, such as acme.com, apart by spaces, commas or lines. Each waits for verification.', { multiline: true }),
    {
      type: 'input',
      block_id: channel,
      optional: true,
      label: plain('Customer channel'),
      hint: plain('Makes this the channel’s customer: /sso-portal alone there sends its link.'),
      element: { type: 'conversations_select', action_id: channel, placeholder: plain('Choose a channel'), filter: { include: ['public', 'private'], exclude_bot_users: true } },
    },
  ];
  return { type: 'modal', callback_id: NEW_CUSTOMER_MODAL_CALLBACK_ID, title: plain('New customer'), submit: plain('Add'), close: plain('Cancel'), blocks };
}
