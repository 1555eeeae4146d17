import type { Logger } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import { PastDeadline } from '../core/deadline.js';
import { Refused } from '../core/errors.js';
import { ScalekitOrgNotFoundError, ScalekitUnavailableError } from '../core/ports.js';
import { code, notice, type SlackMessage } from './blocks/mrkdwn.js';
import { refusalText } from './refusals.js';

/**
 * A problem as the person sees it: a refusal explained, Scalekit's trouble, or our fault with a
 * reference to quote. `consequence` says what did not happen (e.g. "no link was issued").
 */
export function failureMessage(error: unknown, logger: Logger, consequence = 'nothing was done'): SlackMessage {
  if (error instanceof Refused) return notice(`:warning: ${refusalText(error.refusal)}`);
  if (error instanceof ScalekitUnavailableError) {
    return notice(`:warning: Scalekit is not answering right now, so ${consequence}. Please try again in a minute.`);
  }
  if (error instanceof PastDeadline) return notice(`:warning: The bot was restarting, so ${consequence}. Please try again in a minute.`);
  if (error instanceof ScalekitOrgNotFoundError) {
    return notice(`:warning: Scalekit no longer has the organization ${code(error.orgId)}, so ${consequence}. An admin may need to map the customer again.`);
  }
  const reference = randomUUID().slice(0, 8);
  logger.error(`Request failed (ref ${reference}): ${error instanceof Error ? error.stack : String(error)}`);
  return notice(`:x: Something went wrong on our side, and nothing was sent. Please try again; if it keeps failing, give your admin the reference \`${reference}\`.`);
}
