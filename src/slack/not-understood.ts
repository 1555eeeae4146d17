import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { notice } from './blocks/mrkdwn.js';
import { tellPrivately } from './tell-privately.js';

const NOT_UNDERSTOOD = notice(':warning: Sorry, I did not understand that action, so nothing was done. Please try again from a fresh `/sso-portal` command or shortcut.');

/** Enough of a sender's text to recognise it in a log, never a whole payload. */
export const clip = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/**
 * A request the bot could not take (a payload no Slack client sends, or one from an old message):
 * logged, and its sender told privately when the request names one, rather than left with a
 * click that did nothing.
 */
export async function notUnderstood(
  client: WebClient,
  logger: Logger,
  request: { what: string; sender: { userId: string; channelId: string | null } | undefined },
  problem: string,
): Promise<void> {
  const { what, sender } = request;
  logger.warn(`Did not understand a request (${what}) from ${sender?.userId ?? 'no known user'}: ${clip(problem)}`);
  if (!sender) return;
  await tellPrivately(client, sender, NOT_UNDERSTOOD).catch((error: unknown) => {
    logger.error(`Could not tell ${sender.userId} that their ${what} was not understood: ${String(error)}`);
  });
}
