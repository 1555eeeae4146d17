import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { SetupNotifier } from '../core/ports.js';
import { setupCompletedMessage } from './blocks/setup-completed.js';

/** Notifications as direct messages from the bot (a user id as channel opens the bot's DM). */
export function createSlackNotifier(client: WebClient, logger: Logger): SetupNotifier {
  return {
    async setupCompleted(event) {
      try {
        await client.chat.postMessage({ channel: event.issuerId, ...setupCompletedMessage(event), unfurl_links: false });
      } catch (error) {
        // The webhook or page report is already recorded; a missed message must not undo that.
        logger.warn({ err: error, linkId: event.linkId }, 'could not tell the issuer that setup finished');
      }
    },
  };
}
