import type { Logger } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import { UserFacingError } from '../core/errors.js';
import { ScalekitUnavailableError } from '../core/ports.js';
import { notice, type SlackMessage } from './blocks/mrkdwn.js';

/** A problem as the person sees it: their mistake explained, Scalekit's outage, or our fault with a reference to quote. */
export function failureMessage(error: unknown, logger: Logger): SlackMessage {
  if (error instanceof UserFacingError) return notice(`:warning: ${error.message}`);
  if (error instanceof ScalekitUnavailableError) {
    return notice(':warning: Scalekit is not answering right now, so nothing was done. Please try again in a minute.');
  }
  const reference = randomUUID().slice(0, 8);
  logger.error(`Request failed (ref ${reference}): ${error instanceof Error ? error.stack : String(error)}`);
  return notice(`:x: Something went wrong on our side, and nothing was sent. Please try again; if it keeps failing, give your admin the reference \`${reference}\`.`);
}
