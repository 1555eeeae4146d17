import type { WebClient } from '@slack/web-api';
import type { OwedMessage } from '../core/outbox/message.js';
import type { MessageSender } from '../core/ports.js';
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

/**
 * Delivers what the outbox holds: to a person as a direct message from the bot (a user id as
 * channel opens it), or as a reply in a channel message's thread. Throws when Slack refuses, so
 * that the outbox tries again later.
 */
export function createSlackSender(client: WebClient): MessageSender {
  return {
    async send(message: OwedMessage) {
      const { to } = message;
      const where = 'userId' in to ? { channel: to.userId } : { channel: to.channelId, thread_ts: to.threadTs };
      await client.chat.postMessage({ ...where, ...render(message), unfurl_links: false, unfurl_media: false });
    },
  };
}
