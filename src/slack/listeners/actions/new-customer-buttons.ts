import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/web-api';
import { issueModal } from '../../blocks/issue-modal.js';
import { SEND_FIRST_LINK_ACTION } from '../../blocks/new-customer.js';
import { NEW_CUSTOMER_ACTION, newCustomerModal } from '../../blocks/new-customer-modal.js';
import { openModal } from '../../open-modal.js';
import type { SlackServices } from '../../services.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** A button that opens a form; `view` gets who pressed it, the button's value, and the channel it was pressed in (none in a DM or the Home tab). */
function opensForm(view: (press: { userId: string; value: string | undefined; channelId: string | null }) => Promise<ModalView> | ModalView) {
  return async ({ ack, body, action, client, logger }: ButtonArgs): Promise<void> => {
    await ack();
    const channelId = body.channel?.id && !body.channel.id.startsWith('D') ? body.channel.id : null;
    const userId = body.user.id;
    await openModal(client, body.trigger_id, () => view({ userId, value: action.value, channelId }), { userId, channelId }, logger);
  };
}

/** New customer (the orgs list, the Home tab) and a new customer's Send the first link. */
export function registerNewCustomerButtons(app: App, services: SlackServices): void {
  // Only admins may add customers: anyone else is told so rather than shown a form they cannot send.
  app.action<BlockButtonAction>(
    NEW_CUSTOMER_ACTION,
    opensForm(async ({ userId }) => {
      await services.newCustomers.checkAllowed(userId);
      return newCustomerModal();
    }),
  );
  // The issue form with the new customer's alias filled in; issuing checks it, and who sends it, as ever.
  app.action<BlockButtonAction>(
    SEND_FIRST_LINK_ACTION,
    opensForm(({ value, channelId }) => issueModal({ channelId, customer: value })),
  );
}
