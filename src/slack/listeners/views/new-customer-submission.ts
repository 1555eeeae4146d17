import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackMessage } from '../../blocks/mrkdwn.js';
import { newCustomerMessage, NO_CUSTOMER_CREATED } from '../../blocks/new-customer.js';
import { failureMessage } from '../../failure.js';
import type { SlackServices } from '../../services.js';
import { tellPrivately } from '../../tell-privately.js';
import { readNewCustomerForm } from './new-customer-form.js';
import { submitterTeamId } from './submitter.js';

type SubmissionArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The new-customer form's Add. Field mistakes keep the form open with the error under the field;
 * otherwise it closes at once, and what was done (the same reply as `new`) or the problem reaches
 * the admin in a direct message.
 */
export function newCustomerSubmission(services: SlackServices) {
  return async ({ body, view, ack, client, logger }: SubmissionArgs): Promise<void> => {
    const read = readNewCustomerForm(view);
    if ('errors' in read) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    await ack();

    const { request, channelId } = read.form;
    const userId = body.user.id;
    let reply: SlackMessage;
    try {
      const channel = channelId ? { teamId: submitterTeamId(body), channelId } : undefined;
      reply = newCustomerMessage(await services.newCustomers.add({ by: userId, request, channel }));
    } catch (error) {
      reply = failureMessage(error, logger, NO_CUSTOMER_CREATED);
    }
    // The form is gone: whatever became of it must be said in a message, never swallowed.
    await tellPrivately(client, { userId, channelId: null }, reply).catch((sendError: unknown) => {
      logger.error(`Could not tell ${userId} what became of their new customer: ${String(sendError)}`);
    });
  };
}
