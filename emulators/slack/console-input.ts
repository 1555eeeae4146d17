// What the person at the console does: type a line (a slash command, or plain chat) and click a
// button. Commands and clicks go to the bot as signed requests built by requests.ts, exactly like
// the tests send them, or, while the app has a Socket Mode connection open, as envelopes over it
// (socket-mode.ts). Whatever the bot answers in its ack shows like a response-URL post.

import { escapeCommandText } from './escape.js';
import { sendInteraction, sendSlashCommand, fakeTriggerId, slashCommandPayload, type SlashCommandFields } from './requests.js';
import type { SlackFakeSocketMode } from './socket-mode.js';
import type { DirectMessages } from './direct-messages.js';
import { elementsOf, str, type BoundResponseUrl, type Json, type Timeline } from './console-timeline.js';

/** Where the bot's `POST /slack/events` is, and the secret to sign requests with. */
export interface SlackFakeApp {
  eventsUrl: string;
  signingSecret: string;
}

export interface ConsoleInputDeps {
  teamId: string;
  botUserId: string;
  botId: string;
  users: Array<{ id: string; name: string }>;
  channels: Array<{ id: string; name: string }>;
  app(): SlackFakeApp | undefined;
  /** Used instead of `app` while it has a connection open. */
  socketMode: SlackFakeSocketMode;
  /** A fresh response URL bound to a context (see responseUrl() in server.ts). */
  issueResponseUrl(context: BoundResponseUrl): string;
  timeline: Timeline;
  dms: DirectMessages;
}

export interface ConsoleInput {
  /** `{ userId, channelId, text }`: a slash command, or a plain message. */
  command(input: Json): Promise<Json>;
  /** `{ userId, messageId, blockId, actionId }`: a button click. */
  action(input: Json): Promise<Json>;
}

const ACK_TIMEOUT_MS = 3000;
const NO_APP = 'no_app: start the fake with `app` or call setApp(), or connect in Socket Mode';

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
      // Plain chat: shown in the channel; the bot is not told (the fake sends no Events API events).
      const message = timeline.add({ channel: channelId, author: userId, via: 'message', text });
      return { ok: true, messageId: message.id };
    }
    const app = deps.app();
    const socket = deps.socketMode.connections > 0;
    if (!app && !socket) return { ok: false, error: NO_APP };
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
    let answer: unknown;
    try {
      if (socket) {
        const ack = await deps.socketMode.send('slash_commands', slashCommandPayload(fields), { acceptsResponsePayload: true, timeoutMs: ACK_TIMEOUT_MS });
        if (ack.payload && Object.keys(ack.payload).length > 0) answer = ack.payload;
      } else if (app) {
        const result = await sendSlashCommand({ ...fields, appUrl: app.eventsUrl, path: '', signingSecret: app.signingSecret, timeoutMs: ACK_TIMEOUT_MS });
        if (result.status !== 200) {
          timeline.note(context, `${name} failed with the error "dispatch_failed" (the app answered HTTP ${result.status})`);
        } else if (result.body.trim() !== '') {
          answer = typeof result.json === 'object' && result.json !== null ? result.json : { text: result.body };
        }
      }
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      timeline.note(context, `${name} failed with the error "${timedOut ? 'operation_timeout' : 'dispatch_failed'}" (${describe(err)})`);
      return { ok: true, messageId: line.id };
    }
    if (answer !== undefined) timeline.onResponseUrlPost(context, answer);
    return { ok: true, messageId: line.id };
  };

  const action = async (input: Json): Promise<Json> => {
    const userId = str(input.userId) ?? '';
    const user = userById(userId);
    if (!user) return { ok: false, error: 'user_not_found' };
    const message = timeline.find(input.messageId, userId);
    if (!message) return { ok: false, error: 'message_not_found' };
    const block = message.blocks?.find((b) => b.block_id === input.blockId);
    const element = block ? elementsOf(block).find((e) => e.action_id === input.actionId) : undefined;
    if (!block || !element) return { ok: false, error: 'action_not_found' };
    const app = deps.app();
    const socket = deps.socketMode.connections > 0;
    if (!app && !socket) return { ok: false, error: NO_APP };

    const context: BoundResponseUrl = { channelId: message.channel, userId, sourceMessageId: message.id };
    const ephemeral = message.visibleTo !== undefined;
    const payload = {
      type: 'block_actions',
      user: { id: user.id, username: user.name, name: user.name, team_id: deps.teamId },
      api_app_id: 'A0FAKEAPP',
      token: 'fake-verification-token',
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: ephemeral },
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
      state: { values: {} },
      response_url: deps.issueResponseUrl(context),
      actions: [
        {
          action_id: element.action_id,
          block_id: block.block_id,
          text: element.text,
          ...(element.value !== undefined ? { value: element.value } : {}),
          ...(element.url !== undefined ? { url: element.url } : {}),
          ...(element.style !== undefined ? { style: element.style } : {}),
          type: 'button',
          action_ts: `${(Date.now() / 1000).toFixed(6)}`,
        },
      ],
    };
    try {
      if (socket) {
        await deps.socketMode.send('interactive', payload, { acceptsResponsePayload: false, timeoutMs: ACK_TIMEOUT_MS });
      } else if (app) {
        const result = await sendInteraction({ appUrl: app.eventsUrl, path: '', signingSecret: app.signingSecret, payload, timeoutMs: ACK_TIMEOUT_MS });
        if (result.status !== 200) timeline.note(context, `The app did not accept the click (HTTP ${result.status}).`);
      }
    } catch (err) {
      timeline.note(context, `The app did not answer the click (${describe(err)}).`);
    }
    return { ok: true };
  };

  return { command, action };
}

function describe(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return err instanceof Error ? `${err.message}${cause}` : String(err);
}
