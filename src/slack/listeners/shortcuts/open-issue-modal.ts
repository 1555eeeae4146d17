import type { AllMiddlewareArgs, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { issueModal } from '../../blocks/issue-modal.js';
import { openModal } from '../../open-modal.js';

/** Both shortcuts. A message shortcut knows its channel and hands it to the submission via the view. */
export async function openIssueModal({ shortcut, ack, client, logger }: SlackShortcutMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  await ack();
  const channelId = shortcut.type === 'message_action' ? shortcut.channel.id : null;
  await openModal(client, shortcut.trigger_id, () => issueModal({ channelId }), { userId: shortcut.user.id, channelId }, logger);
}
