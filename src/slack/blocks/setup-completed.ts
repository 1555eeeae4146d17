import type { SetupCompleted } from '../../core/ports.js';
import { context, escapeMrkdwn, section, type SlackMessage } from './mrkdwn.js';

const PART = { sso: 'single sign-on', directory: 'directory sync (SCIM)' };
const SOURCE = { scalekit: 'Scalekit confirmed it', page: 'reported by the setup page' };

/** The message to a CSM whose customer just finished a part of the setup. */
export function setupCompletedMessage(event: SetupCompleted): SlackMessage {
  const text = `${escapeMrkdwn(event.orgName)} set up ${PART[event.part]}`;
  return {
    text,
    blocks: [
      section(`:tada: *${escapeMrkdwn(event.orgName)}* set up ${PART[event.part]}.`),
      context(`Through link \`${event.linkId}\` you sent · ${SOURCE[event.source]} · \`/sso-portal status\` for details`),
    ],
  };
}
