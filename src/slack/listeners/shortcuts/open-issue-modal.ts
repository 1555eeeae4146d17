import type { AllMiddlewareArgs, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { issueModal } from '../../blocks/issue-modal.js';

/**
 * Both shortcuts: the trigger id dies 3 s after the click, so nothing but the ack comes before
 * views.open. A message shortcut knows its channel and hands it to the submission via the view.
 */
export async function openIssueModal({ shortcut, ack, client }: SlackShortcutMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  await ack();
  const channelId = shortcut.type === 'message_action' ? shortcut.channel.id : null;
  await client.views.open({ trigger_id: shortcut.trigger_id, view: issueModal({ channelId }) });
}
