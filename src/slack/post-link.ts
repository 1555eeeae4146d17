import type { WebClient } from '@slack/web-api';
import type { IssuedLink } from '../core/link-service.js';
import { escapeMrkdwn, notice, type SlackMessage } from './blocks/mrkdwn.js';

/**
 * Posts a link message for everyone in a channel (unfurling off, so no scanner fetches it) and
 * confirms to the CSM. If the bot may not post there, the link (issued and audited already) is
 * handed to the CSM instead, with a hint.
 */
export async function postLink(
  client: WebClient,
  channelId: string,
  link: IssuedLink,
  message: SlackMessage,
  tellCsm: (message: SlackMessage) => Promise<unknown>,
): Promise<void> {
  try {
    await client.chat.postMessage({ channel: channelId, ...message, unfurl_links: false, unfurl_media: false });
  } catch {
    const warning = notice(`:warning: I could not post in <#${channelId}> (invite me with \`/invite\`), so here is the link for you to share.`);
    await tellCsm({ text: message.text, blocks: [...warning.blocks, ...message.blocks] });
    return;
  }
  await tellCsm(notice(`:white_check_mark: Posted link \`${link.linkId}\` for *${escapeMrkdwn(link.org.displayName)}* in <#${channelId}>.`));
}
