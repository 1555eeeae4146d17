import type { SetupPart } from '../../core/links/events.js';
import type { SetupCompleted } from '../../core/outbox/message.js';
import { code, context, escapeMrkdwn, section, type SlackMessage } from './mrkdwn.js';

/** The parts of the setup, in words. */
export const PART = { sso: 'single sign-on', directory: 'directory sync (SCIM)' } satisfies Record<SetupPart, string>;
const SOURCE = { scalekit: 'Scalekit confirmed it', page: 'reported by the setup page' };

/**
 * The message that a customer just finished a part of the setup: to the CSM who sent the link,
 * or in the thread of the link's message in a channel.
 */
export function setupCompletedMessage(event: SetupCompleted, audience: 'issuer' | 'thread'): SlackMessage {
  const text = `${escapeMrkdwn(event.orgName)} set up ${PART[event.part]}`;
  const through = audience === 'issuer' ? `Through link ${code(event.linkId)} you sent` : `Through link ${code(event.linkId)}`;
  return {
    text,
    blocks: [
      section(`:tada: *${escapeMrkdwn(event.orgName)}* set up ${PART[event.part]}.`),
      context(`${through} · ${SOURCE[event.source]} · \`/sso-portal status\` for details`),
    ],
  };
}
