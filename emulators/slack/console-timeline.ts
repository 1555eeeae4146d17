// The console's timeline: every message the console shows, in the conversation it belongs to,
// visible to everyone or to one user. What the bot posts through response URLs, chat.postMessage,
// chat.postEphemeral, chat.update and chat.delete lands here, as do the console user's own lines.
// A DM (direct-messages.ts) is seen by its user only, as Slack shows it under App Home → Messages.

import { normalizeBlocks, type Block, type Json } from './block-actions.js';
import type { DirectMessages } from './direct-messages.js';
import type { SharedFile } from './files.js';

/** Who a response URL answers: its posts land in this channel, ephemeral ones for this user. */
export interface ResponseUrlContext {
  channelId: string;
  userId: string;
}

export interface BoundResponseUrl extends ResponseUrlContext {
  /** The command line that issued it: shown to everyone once an `in_channel` reply arrives. */
  commandMessageId?: string;
  /** The message whose button issued it: `replace_original` / `delete_original` act on it. */
  sourceMessageId?: string;
}

export interface ConsoleMessage {
  id: string;
  ts: string;
  /** The conversation: a channel id, or for the bot's DM with a user its D id (see direct-messages.ts). */
  channel: string;
  /** A user id, or the bot's user id. */
  author: string;
  /** Set: only this user sees it ("Only visible to you"). */
  visibleTo?: string;
  /** How it arrived. `error` is the console's own note (the bot failed to answer). */
  via: 'command' | 'message' | 'ack' | 'response_url' | 'chat.postMessage' | 'chat.postEphemeral' | 'files.completeUploadExternal' | 'error';
  text: string;
  /** As sent, plus the `block_id` / `action_id` Slack fills in when they are missing. */
  blocks?: Block[];
  threadTs?: string;
  edited?: boolean;
  /** Files shared with the message (files.completeUploadExternal). */
  files?: SharedFile[];
}

export type { Block, Json } from './block-actions.js';

export interface Timeline {
  /** Bumped on every change the page shows, so its polling knows to redraw. */
  readonly version: number;
  touch(): void;
  add(message: Omit<ConsoleMessage, 'id' | 'ts'>): ConsoleMessage;
  /** The console's own note to the user that the bot failed to answer. */
  note(context: ResponseUrlContext, text: string): void;
  onApiCall(method: string, args: Json, reply: Json): void;
  onResponseUrlPost(context: BoundResponseUrl | undefined, body: unknown): void;
  /** The messages of a conversation as `userId` sees them. */
  visible(channel: string, userId: string): ConsoleMessage[];
  /** One message, if `userId` sees it. */
  find(messageId: unknown, userId: string): ConsoleMessage | undefined;
  /** Copies, of one conversation (a user id means their DM with the bot) or all. */
  messages(channelId?: string): ConsoleMessage[];
  /** Channels (not DMs) that have messages, oldest first, possibly repeated. */
  channelIds(): string[];
}

export const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function createTimeline(deps: { botUserId: string; dms: DirectMessages; nextTs(): string }): Timeline {
  const timeline: ConsoleMessage[] = [];
  const { dms } = deps;
  let version = 0;
  let messageSeq = 0;

  /** Ephemeral messages are for their user, a DM is for its user. */
  const canSee = (message: ConsoleMessage, userId: string): boolean =>
    (message.visibleTo === undefined || message.visibleTo === userId) && (dms.userOf(message.channel) ?? userId) === userId;

  const add = (message: Omit<ConsoleMessage, 'id' | 'ts'> & { ts?: string }): ConsoleMessage => {
    const stored: ConsoleMessage = { ...message, channel: dms.conversationId(message.channel), id: `M${++messageSeq}`, ts: message.ts ?? deps.nextTs() };
    timeline.push(stored);
    version++;
    return stored;
  };

  /** A bot message from a Slack message payload (`{ text, blocks, thread_ts, ... }`). */
  const botMessage = (body: Json, channel: string, via: ConsoleMessage['via'], visibleTo?: string, ts?: string) =>
    add({
      channel,
      author: deps.botUserId,
      visibleTo,
      via,
      text: typeof body.text === 'string' ? body.text : '',
      blocks: normalizeBlocks(body.blocks),
      threadTs: str(body.thread_ts),
      ts,
    });

  const onApiCall = (method: string, args: Json, reply: Json): void => {
    if (reply.ok !== true) return;
    const named = str(reply.channel) ?? str(args.channel);
    if (!named) return;
    const channel = dms.conversationId(named);
    if (method === 'chat.postMessage') botMessage(args, channel, 'chat.postMessage', undefined, str(reply.ts));
    if (method === 'chat.postEphemeral') botMessage(args, channel, 'chat.postEphemeral', str(args.user), str(reply.message_ts));
    if (method === 'files.completeUploadExternal') {
      const text = typeof args.initial_comment === 'string' ? args.initial_comment : '';
      add({ channel, author: deps.botUserId, via: 'files.completeUploadExternal', text, files: reply.files as SharedFile[] });
    }
    if (method === 'chat.update' || method === 'chat.delete') {
      const index = timeline.findIndex((m) => m.channel === channel && m.ts === args.ts && m.visibleTo === undefined);
      const target = timeline[index];
      if (!target) return;
      if (method === 'chat.delete') timeline.splice(index, 1);
      else Object.assign(target, { text: typeof args.text === 'string' ? args.text : target.text, blocks: normalizeBlocks(args.blocks) ?? target.blocks, edited: true });
      version++;
    }
  };

  const onResponseUrlPost = (context: BoundResponseUrl | undefined, raw: unknown): void => {
    if (!context || typeof raw !== 'object' || raw === null) return;
    const body = raw as Json;
    const source = context.sourceMessageId ? timeline.findIndex((m) => m.id === context.sourceMessageId) : -1;
    if (source >= 0 && body.delete_original === true) {
      timeline.splice(source, 1);
      version++;
      return;
    }
    const original = timeline[source];
    if (original && body.replace_original === true) {
      original.text = typeof body.text === 'string' ? body.text : '';
      original.blocks = normalizeBlocks(body.blocks);
      original.edited = true;
      version++;
      return;
    }
    const inChannel = body.response_type === 'in_channel';
    if (inChannel && context.commandMessageId) {
      const command = timeline.find((m) => m.id === context.commandMessageId);
      if (command) delete command.visibleTo; // Slack shows the invocation too when the answer is public.
    }
    botMessage(body, context.channelId, 'response_url', inChannel ? undefined : context.userId);
  };

  return {
    get version() {
      return version;
    },
    touch: () => {
      version++;
    },
    add,
    note: (context, text) => {
      add({ channel: context.channelId, author: deps.botUserId, visibleTo: context.userId, via: 'error', text });
    },
    onApiCall,
    onResponseUrlPost,
    visible: (channel, userId) => timeline.filter((m) => m.channel === channel && canSee(m, userId)),
    find: (messageId, userId) => timeline.find((m) => m.id === messageId && canSee(m, userId)),
    messages: (channelId) => {
      const id = channelId === undefined ? undefined : dms.conversationId(channelId);
      return timeline.filter((m) => id === undefined || m.channel === id).map((m) => structuredClone(m));
    },
    channelIds: () => timeline.filter((m) => dms.userOf(m.channel) === undefined).map((m) => m.channel),
  };
}
