// What the person at the console does in a conversation: type a line (a slash command, or plain
// chat) and use a message's button, select or overflow menu. Commands and clicks go to the bot
// through app-delivery.ts (Socket Mode, or signed requests built by requests.ts, exactly like the
// tests send them). Whatever the bot answers in a command's ack shows like a response-URL post.

import { NO_APP, type AppDelivery } from './app-delivery.js';
import { findElement, useElement } from './block-actions.js';
import { escapeCommandText } from './escape.js';
import { fakeTriggerId, type SlashCommandFields } from './requests.js';
import type { DirectMessages } from './direct-messages.js';
import { str, type BoundResponseUrl, type Json, type Timeline } from './console-timeline.js';

export interface ConsoleInputDeps {
  teamId: string;
  botUserId: string;
  botId: string;
  appId: string;
  users: Array<{ id: string; name: string }>;
  channels: Array<{ id: string; name: string }>;
  delivery: AppDelivery;
  /** A fresh response URL bound to a context (see responseUrl() in server.ts). */
  issueResponseUrl(context: BoundResponseUrl): string;
  timeline: Timeline;
  dms: DirectMessages;
}

export interface ConsoleInput {
  /** `{ userId, channelId, text }`: a slash command, or a plain message. */
  command(input: Json): Promise<Json>;
  /** `{ userId, messageId, blockId, actionId, value?, user? }`: a click, or an option chosen. */
  action(input: Json): Promise<Json>;
}

export function createConsoleInput(deps: ConsoleInputDeps): ConsoleInput {
  const { timeline, dms } = deps;
  const userById = (id: string) => deps.users.find((u) => u.id === id);
  const channelName = (id: string) => (dms.userOf(id) !== undefined ? 'directmessage' : (deps.channels.find((c) => c.id === id)?.name ?? id.toLowerCase()));

  const command = async (input: Json): Promise<Json> => {
    const userId = str(input.userId) ?? '';
    const channelId = dms.conversationId(str(input.channelId) ?? '');
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    const user = userById(userId);
    if (!user) return { ok: false, error: 'user_not_found' };
    if (!/^[CGD][A-Z0-9]+$/.test(channelId) || (dms.userOf(channelId) ?? userId) !== userId) return { ok: false, error: 'channel_not_found' };
    if (text === '') return { ok: false, error: 'no_text' };
    if (!text.startsWith('/')) {
      // Plain chat: shown in the channel; the bot is not told (the fake sends no `message` events).
      const message = timeline.add({ channel: channelId, author: userId, via: 'message', text });
      return { ok: true, messageId: message.id };
    }
    if (!deps.delivery.connected()) return { ok: false, error: NO_APP };
    const name = text.split(/\s+/)[0] ?? '';
    const args = text.slice(name.length).trim();
    const line = timeline.add({ channel: channelId, author: userId, visibleTo: userId, via: 'command', text });
    const context: BoundResponseUrl = { channelId, userId, commandMessageId: line.id };
    const fields: SlashCommandFields = {
      command: name,
      // As Slack sends it for a command with `should_escape` on (manifest.json).
      text: escapeCommandText(args, deps),
      userId,
      userName: user.name,
      teamId: deps.teamId,
      channelId,
      channelName: channelName(channelId),
      responseUrl: deps.issueResponseUrl(context),
    };
    // Bolt's ack(message) answers with the message itself: Slack shows it like a response-URL post.
    const sent = await deps.delivery.command(fields);
    if (!sent.ok) timeline.note(context, `${name} failed with the error "${sent.error}" (${sent.detail})`);
    else if (sent.answer) timeline.onResponseUrlPost(context, sent.answer);
    return { ok: true, messageId: line.id };
  };

  const action = async (input: Json): Promise<Json> => {
    const userId = str(input.userId) ?? '';
    const user = userById(userId);
    if (!user) return { ok: false, error: 'user_not_found' };
    const message = timeline.find(input.messageId, userId);
    if (!message) return { ok: false, error: 'message_not_found' };
    const found = findElement(message.blocks, input.blockId, input.actionId);
    if (!found) return { ok: false, error: 'action_not_found' };
    if (!deps.delivery.connected()) return { ok: false, error: NO_APP };
    const used = useElement(found.block, found.element, { value: str(input.value), user: str(input.user) }, (id) => userById(id) !== undefined);
    if ('error' in used) return { ok: false, error: used.error };

    const context: BoundResponseUrl = { channelId: message.channel, userId, sourceMessageId: message.id };
    const payload = {
      type: 'block_actions',
      user: { id: user.id, username: user.name, name: user.name, team_id: deps.teamId },
      api_app_id: deps.appId,
      token: 'fake-verification-token',
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: message.visibleTo !== undefined },
      trigger_id: fakeTriggerId(),
      team: { id: deps.teamId, domain: `fake-${deps.teamId.toLowerCase()}` },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: message.channel, name: channelName(message.channel) },
      message: {
        type: 'message',
        user: message.author,
        ...(message.author === deps.botUserId ? { bot_id: deps.botId } : {}),
        text: message.text,
        blocks: message.blocks,
        ts: message.ts,
        team: deps.teamId,
      },
      state: { values: used.state ? { [String(found.block.block_id)]: { [String(found.element.action_id)]: used.state } } : {} },
      response_url: deps.issueResponseUrl(context),
      actions: [used.action],
    };
    const sent = await deps.delivery.interaction(payload);
    if (!sent.ok) timeline.note(context, `The app did not accept the click (${sent.detail}).`);
    return { ok: true };
  };

  return { command, action };
}
