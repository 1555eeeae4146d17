import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { failureMessage } from '../../failure.js';
import { sendLink } from '../../send-link.js';
import type { SlackServices } from '../../services.js';
import { tellPrivately } from '../../tell-privately.js';
import { readIssueForm } from './issue-form.js';
import { submitterTeamId } from './submitter.js';

type SubmissionArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The issue modal's Send. Field mistakes keep the modal open with the error under the field;
 * otherwise it closes at once and the outcome (link or problem) reaches the CSM in a message.
 */
export function issueSubmission(services: SlackServices) {
  return async ({ body, view, ack, client }: SubmissionArgs): Promise<void> => {
    const read = readIssueForm(view);
    if ('errors' in read) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    await ack();

    const { form } = read;
    const logger = services.requestLogger();
    const to = { userId: body.user.id, channelId: form.channelId };
    try {
      const order = { ...form, userId: body.user.id, teamId: submitterTeamId(body) };
      await sendLink(services, client, order, (reply) => tellPrivately(client, to, reply), logger);
    } catch (error) {
      // The modal is gone: whatever went wrong must be said in a message, never swallowed.
      await tellPrivately(client, to, failureMessage(error, logger, 'no link was issued')).catch((sendError: unknown) => {
        logger.error(`Could not tell ${to.userId} that issuing failed: ${String(sendError)}`);
      });
    }
  };
}
