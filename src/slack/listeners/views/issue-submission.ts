import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { linkMessage } from '../../blocks/link-message.js';
import { failureMessage } from '../../failure.js';
import { postLink } from '../../post-link.js';
import type { SlackServices } from '../../services.js';
import { readIssueForm, type IssueForm } from './issue-form.js';
import { tellPrivately } from '../../tell-privately.js';

type SubmissionArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Client = SubmissionArgs['client'];

/**
 * The issue modal's Send. Field mistakes keep the modal open with the error under the field;
 * otherwise it closes at once and the outcome (link or problem) reaches the CSM in a message.
 */
export function issueSubmission(services: SlackServices) {
  return async ({ body, view, ack, client, logger }: SubmissionArgs): Promise<void> => {
    const read = readIssueForm(view);
    if ('errors' in read) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    await ack();

    const { form } = read;
    const to = { userId: body.user.id, channelId: form.channelId };
    try {
      await issue(form, body, services, client);
    } catch (error) {
      // The modal is gone: whatever went wrong must be said in a message, never swallowed.
      await tellPrivately(client, to, failureMessage(error, logger)).catch((sendError: unknown) => {
        logger.error(`Could not tell ${to.userId} that issuing failed: ${String(sendError)}`);
      });
    }
  };
}

async function issue(form: IssueForm, body: ViewSubmitAction, services: SlackServices, client: Client): Promise<void> {
  const userId = body.user.id;
  const link = await services.links.issue({
    issuer: {
      userId,
      userName: await services.directory.userName(userId),
      teamId: body.team?.id ?? body.user.team_id ?? body.view.team_id,
      channelId: form.channelId,
    },
    orgQuery: form.orgQuery,
    kind: form.kind,
    ttlMs: form.ttlMs,
    idp: form.idp?.key ?? null,
    note: form.note,
  });
  const message = linkMessage({ link, issuerId: userId, idp: form.idp, note: form.note, now: services.now() });
  const to = { userId, channelId: form.channelId };
  if (!form.post || !form.channelId) {
    await tellPrivately(client, to, message);
    return;
  }
  await postLink(client, form.channelId, link, message, (reply) => tellPrivately(client, to, reply));
}
