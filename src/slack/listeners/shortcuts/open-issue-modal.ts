import type { AllMiddlewareArgs, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { issueModal } from '../../blocks/issue-modal.js';
import { failureMessage } from '../../failure.js';
import { tellPrivately } from '../../tell-privately.js';

/**
 * Both shortcuts: the trigger id dies 3 s after the click, so nothing but the ack comes before
 * views.open. A message shortcut knows its channel and hands it to the submission via the view.
 */
export async function openIssueModal({ shortcut, ack, client, logger }: SlackShortcutMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  await ack();
  const channelId = shortcut.type === 'message_action' ? shortcut.channel.id : null;
  try {
    await client.views.open({ trigger_id: shortcut.trigger_id, view: issueModal({ channelId }) });
  } catch (error) {
    // No form appeared: say so rather than leave the click unanswered.
    await tellPrivately(client, { userId: shortcut.user.id, channelId }, failureMessage(error, logger)).catch((sendError: unknown) => {
      logger.error(`Could not tell ${shortcut.user.id} that the form failed to open: ${String(sendError)}`);
    });
  }
}
