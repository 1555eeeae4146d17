import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from './blocks/mrkdwn.js';

/**
 * A modal has no response URL: what only the CSM should see goes as an ephemeral message in the
 * channel, or as a direct message when there is no channel or the bot (or they) is not in it.
 */
export async function tellPrivately(client: WebClient, to: { userId: string; channelId: string | null }, message: SlackMessage): Promise<void> {
  if (to.channelId) {
    try {
      await client.chat.postEphemeral({ channel: to.channelId, user: to.userId, ...message });
      return;
    } catch {
      // not_in_channel, channel_not_found, user_not_in_channel: the DM below still reaches them.
    }
  }
  await client.chat.postMessage({ channel: to.userId, ...message, unfurl_links: false, unfurl_media: false });
}
