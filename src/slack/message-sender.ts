import type { WebClient } from '@slack/web-api';
import type { OwedMessage } from '../core/outbox/message.js';
import { UndeliverableError, type MessageSender } from '../core/ports.js';
import type { SlackMessage } from './blocks/mrkdwn.js';
import { reminderMessage } from './blocks/reminder.js';
import { setupCompletedMessage } from './blocks/setup-completed.js';

/** Each kind of owed message in words, for the person or the thread it goes to. */
function render(message: OwedMessage): SlackMessage {
  switch (message.kind) {
    case 'setup_completed':
      return setupCompletedMessage(message.facts, 'userId' in message.to ? 'issuer' : 'thread');
    case 'reminder':
      return reminderMessage(message.facts);
  }
}

/** Slack's answers that no retry changes: the message is given up at once. */
const PERMANENT = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'user_not_found',
  'account_inactive',
  'cannot_dm_bot',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'thread_not_found',
]);

/**
 * Delivers what the outbox holds: to a person as a direct message from the bot (a user id as
 * channel opens it), or as a reply in a channel message's thread. Throws when Slack refuses, so
 * that the outbox tries again later, or gives up when Slack never will take it.
 */
export function createSlackSender(client: WebClient, delivered: (message: OwedMessage) => void = () => {}): MessageSender {
  return {
    async send(message: OwedMessage) {
      const { to } = message;
      const where = 'userId' in to ? { channel: to.userId } : { channel: to.channelId, thread_ts: to.threadTs };
      try {
        await client.chat.postMessage({ ...where, ...render(message), unfurl_links: false, unfurl_media: false });
        delivered(message);
      } catch (error) {
        const code = (error as { data?: { error?: unknown } }).data?.error;
        if (typeof code === 'string' && PERMANENT.has(code)) throw new UndeliverableError(`Slack refuses it: ${code}`, { cause: error });
        throw error;
      }
    },
  };
}
