import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { Refused } from '../core/errors.js';
import type { NewLink } from '../core/links/issue.js';
import type { LinkRequest } from '../core/links/options.js';
import type { RequestLogger } from '../logger.js';
import { linkMessage } from './blocks/link-message.js';
import { escapeMrkdwn, notice, type SlackMessage } from './blocks/mrkdwn.js';
import type { SlackServices } from './services.js';

/** What a CSM asked for, by command or by form. */
export interface LinkOrder {
  userId: string;
  teamId: string;
  channelId: string | null;
  request: LinkRequest;
  /** Post it for everyone in `channelId`, rather than hand it to the CSM alone. */
  post: boolean;
}

/**
 * Issues the link (audited before anything is shown) and delivers it: posted in the channel, or
 * handed to the CSM through `tellCsm` (an ephemeral reply, or a DM where there is none).
 */
export async function sendLink(
  services: SlackServices,
  client: WebClient,
  order: LinkOrder,
  tellCsm: (message: SlackMessage) => Promise<unknown>,
  logger: RequestLogger,
): Promise<void> {
  const { kind } = order.request;
  let link: NewLink;
  try {
    const issuer = { userId: order.userId, teamId: order.teamId, channelId: order.channelId };
    link = await services.issuer.issue(issuer, order.request);
  } catch (error) {
    services.metrics.linkRequested(kind, error instanceof Refused ? 'refused' : 'failed');
    throw error;
  }
  services.metrics.linkRequested(kind, 'ok');
  logger.aboutLink(link.linkId);
  const { idp, note, scope } = order.request;
  const message = linkMessage({ link, issuerId: order.userId, idp, note, scope, now: services.now() });
  if (order.post && order.channelId) await postLink(services, client, order.channelId, link, message, tellCsm, logger);
  else await tellCsm(message);
}

/**
 * Posts a link message for everyone in a channel (unfurling off, so no scanner fetches it) and
 * confirms to the CSM. If the bot may not post there, the link (issued and audited already) is
 * handed to the CSM instead, with a hint.
 */
async function postLink(
  services: SlackServices,
  client: WebClient,
  channelId: string,
  link: NewLink,
  message: SlackMessage,
  tellCsm: (message: SlackMessage) => Promise<unknown>,
  logger: Logger,
): Promise<void> {
  let ts: string | undefined;
  try {
    ({ ts } = await client.chat.postMessage({ channel: channelId, ...message, unfurl_links: false, unfurl_media: false }));
  } catch {
    const warning = notice(`:warning: I could not post in <#${channelId}> (invite me with \`/invite\`), so here is the link for you to share.`);
    await tellCsm({ text: message.text, blocks: [...warning.blocks, ...message.blocks] });
    return;
  }
  // News of the setup goes to the message's thread too. The link is out already: failing to note
  // where must not tell the CSM that nothing was sent.
  if (ts) {
    await services.issuer.posted(link.linkId, { channelId, ts }).catch((error: unknown) => {
      logger.warn(`Posted ${link.linkId} but could not note where, so setup news will not reach its thread: ${String(error)}`);
    });
  }
  await tellCsm(notice(`:white_check_mark: Posted link \`${link.linkId}\` for *${escapeMrkdwn(link.org.displayName)}* in <#${channelId}>.`));
}
