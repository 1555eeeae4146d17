// The web console: a small stand-in for the Slack client, served by the fake on its own port.
//
// - `GET /` the page; `GET /console/console.js`, `/console/console.css` its assets (public/).
// - `GET /console/api/workspace` team, users, channels, whether an app is connected.
// - `GET /console/api/messages?channel=C..&user=U..` the channel as that user sees it; with
//   `channel=<user id>` (or its D id) the user's direct messages with the bot (for that user only).
// - `GET /console/api/calls` the recorded Web API calls (newest last).
// - `POST /console/api/command` `{ userId, channelId, text }` a slash command (or a plain message).
// - `POST /console/api/action` `{ userId, messageId, blockId, actionId }` a button click.
//
// The timeline lives here, on the server: what the bot posts through response URLs,
// chat.postMessage, chat.postEphemeral, chat.update and chat.delete lands in the right channel,
// visible to everyone or to one user. A user id as channel (or the D id conversations.open gives
// out) is the bot's DM with that user: filed under `D<user id without U/W>`, seen by that user
// only, as Slack shows it under App Home → Messages. Commands and clicks go to the bot as signed requests
// built by requests.ts, exactly like the tests send them, or, while the app has a Socket Mode
// connection open, as envelopes over it (socket-mode.ts).

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { sendJson } from '../http.js';
import { sendInteraction, sendSlashCommand, fakeTriggerId, slashCommandPayload, type SlashCommandFields } from './requests.js';
import type { SlackFakeSocketMode } from './socket-mode.js';

/** Where the bot's `POST /slack/events` is, and the secret to sign requests with. */
export interface SlackFakeApp {
  eventsUrl: string;
  signingSecret: string;
}

/** Who a response URL answers: its posts land in this channel, ephemeral ones for this user. */
export interface ResponseUrlContext {
  channelId: string;
  userId: string;
}

export interface ConsoleMessage {
  id: string;
  ts: string;
  /** The conversation: a channel id, or for the bot's DM with a user its D id (see dmChannel()). */
  channel: string;
  /** A user id, or the bot's user id. */
  author: string;
  /** Set: only this user sees it ("Only visible to you"). */
  visibleTo?: string;
  /** How it arrived. `error` is the console's own note (the bot failed to answer). */
  via: 'command' | 'message' | 'ack' | 'response_url' | 'chat.postMessage' | 'chat.postEphemeral' | 'error';
  text: string;
  /** As sent, plus the `block_id` / `action_id` Slack fills in when they are missing. */
  blocks?: Block[];
  threadTs?: string;
  edited?: boolean;
}

type Block = Record<string, unknown>;
type Json = Record<string, unknown>;

interface BoundResponseUrl extends ResponseUrlContext {
  /** The command line that issued it: shown to everyone once an `in_channel` reply arrives. */
  commandMessageId?: string;
  /** The message whose button issued it: `replace_original` / `delete_original` act on it. */
  sourceMessageId?: string;
}

interface ApiLogEntry {
  seq: number;
  at: string;
  method: string;
  ok: boolean;
  error?: string;
  args: unknown;
}

export interface ConsoleDeps {
  teamId: string;
  teamName: string;
  botUserId: string;
  botId: string;
  botName: string;
  users: Array<{ id: string; name: string; realName: string }>;
  channels: Array<{ id: string; name: string; isPrivate?: boolean }>;
  app(): SlackFakeApp | undefined;
  /** Used instead of `app` while it has a connection open. */
  socketMode: SlackFakeSocketMode;
  /** A fresh response URL bound to a context (see responseUrl() in server.ts). */
  issueResponseUrl(context: BoundResponseUrl): string;
  nextTs(): string;
}

export interface SlackConsole {
  /** Serves the console's routes; false when the request is not one of them. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, target: URL, raw: string): Promise<boolean>;
  onApiCall(method: string, args: Json, reply: Json): void;
  onResponseUrlPost(context: BoundResponseUrl | undefined, body: unknown): void;
  /** The timeline (copies), of one conversation (a user id means their DM with the bot) or all. */
  messages(channelId?: string): ConsoleMessage[];
  /** The conversation a channel argument names: a user id becomes the D id of their DM with the bot. */
  conversationId(channel: string): string;
  /** The user whose DM with the bot this D id is, if it is one. */
  dmUser(channelId: string): string | undefined;
  /** Something the page shows besides messages changed (e.g. a Socket Mode connection): make it refresh. */
  touch(): void;
}

const ACK_TIMEOUT_MS = 3000;
const API_LOG_MAX = 300;
const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/console/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/console/console.js': { file: 'console.js', type: 'text/javascript; charset=utf-8' },
  '/console/console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
};
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  'img-src * data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function createConsole(deps: ConsoleDeps): SlackConsole {
  const timeline: ConsoleMessage[] = [];
  const apiLog: ApiLogEntry[] = [];
  let version = 0;
  let messageSeq = 0;
  let apiSeq = 0;

  const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const userById = (id: string) => deps.users.find((u) => u.id === id);

  // The bot's DM with a user: one D id per user, the same whether the bot posts to the user id or
  // to the id conversations.open handed out.
  const dmUsers = new Map<string, string>(); // D id → user id
  const dmChannel = (userId: string): string => {
    const id = `D${userId.slice(1)}`;
    dmUsers.set(id, userId);
    return id;
  };
  for (const user of deps.users) dmChannel(user.id);
  const conversationId = (channel: string): string => (/^[UW][A-Z0-9]+$/.test(channel) ? dmChannel(channel) : channel);
  /** Ephemeral messages are for their user, a DM is for its user. */
  const canSee = (message: ConsoleMessage, userId: string): boolean =>
    (message.visibleTo === undefined || message.visibleTo === userId) && (dmUsers.get(message.channel) ?? userId) === userId;
  const channelName = (id: string) => (dmUsers.has(id) ? 'directmessage' : (deps.channels.find((c) => c.id === id)?.name ?? id.toLowerCase()));

  const add = (message: Omit<ConsoleMessage, 'id' | 'ts'> & { ts?: string }): ConsoleMessage => {
    const stored: ConsoleMessage = { ...message, channel: conversationId(message.channel), id: `M${++messageSeq}`, ts: message.ts ?? deps.nextTs() };
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

  const error = (context: ResponseUrlContext, text: string) =>
    add({ channel: context.channelId, author: deps.botUserId, visibleTo: context.userId, via: 'error', text });

  const onApiCall = (method: string, args: Json, reply: Json): void => {
    apiLog.push({ seq: ++apiSeq, at: new Date().toISOString(), method, ok: reply.ok === true, error: str(reply.error), args });
    if (apiLog.length > API_LOG_MAX) apiLog.splice(0, apiLog.length - API_LOG_MAX);
    version++;
    if (reply.ok !== true) return;
    const named = str(reply.channel) ?? str(args.channel);
    if (!named) return;
    const channel = conversationId(named);
    if (method === 'chat.postMessage') botMessage(args, channel, 'chat.postMessage', undefined, str(reply.ts));
    if (method === 'chat.postEphemeral') botMessage(args, channel, 'chat.postEphemeral', str(args.user), str(reply.message_ts));
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

  const command = async (input: Json): Promise<Json> => {
    const userId = str(input.userId) ?? '';
    const channelId = conversationId(str(input.channelId) ?? '');
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    const user = userById(userId);
    if (!user) return { ok: false, error: 'user_not_found' };
    if (!/^[CGD][A-Z0-9]+$/.test(channelId) || (dmUsers.get(channelId) ?? userId) !== userId) return { ok: false, error: 'channel_not_found' };
    if (text === '') return { ok: false, error: 'no_text' };
    if (!text.startsWith('/')) {
      // Plain chat: shown in the channel; the bot is not told (the fake sends no Events API events).
      const message = add({ channel: channelId, author: userId, via: 'message', text });
      return { ok: true, messageId: message.id };
    }
    const app = deps.app();
    const socket = deps.socketMode.connections > 0;
    if (!app && !socket) return { ok: false, error: 'no_app: start the fake with `app` or call setApp(), or connect in Socket Mode' };
    const name = text.split(/\s+/)[0] ?? '';
    const args = text.slice(name.length).trim();
    const line = add({ channel: channelId, author: userId, visibleTo: userId, via: 'command', text });
    const context: BoundResponseUrl = { channelId, userId, commandMessageId: line.id };
    const fields: SlashCommandFields = {
      command: name,
      text: args,
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
          error(context, `${name} failed with the error "dispatch_failed" (the app answered HTTP ${result.status})`);
        } else if (result.body.trim() !== '') {
          answer = typeof result.json === 'object' && result.json !== null ? result.json : { text: result.body };
        }
      }
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      error(context, `${name} failed with the error "${timedOut ? 'operation_timeout' : 'dispatch_failed'}" (${describe(err)})`);
      return { ok: true, messageId: line.id };
    }
    if (answer !== undefined) onResponseUrlPost(context, answer);
    return { ok: true, messageId: line.id };
  };

  const action = async (input: Json): Promise<Json> => {
    const userId = str(input.userId) ?? '';
    const user = userById(userId);
    if (!user) return { ok: false, error: 'user_not_found' };
    const message = timeline.find((m) => m.id === input.messageId && canSee(m, userId));
    if (!message) return { ok: false, error: 'message_not_found' };
    const block = message.blocks?.find((b) => b.block_id === input.blockId);
    const element = block ? elementsOf(block).find((e) => e.action_id === input.actionId) : undefined;
    if (!block || !element) return { ok: false, error: 'action_not_found' };
    const app = deps.app();
    const socket = deps.socketMode.connections > 0;
    if (!app && !socket) return { ok: false, error: 'no_app: start the fake with `app` or call setApp(), or connect in Socket Mode' };

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
        if (result.status !== 200) error(context, `The app did not accept the click (HTTP ${result.status}).`);
      }
    } catch (err) {
      error(context, `The app did not answer the click (${describe(err)}).`);
    }
    return { ok: true };
  };

  /** How commands reach the app: its Socket Mode connections win over its HTTP endpoint. */
  const appStatus = () => {
    const connections = deps.socketMode.connections;
    if (connections > 0) return { socketMode: true, connections };
    const app = deps.app();
    return app ? { eventsUrl: app.eventsUrl } : null;
  };

  const channelList = () => {
    const list = deps.channels.map((c) => ({ id: c.id, name: c.name, isPrivate: c.isPrivate ?? false }));
    for (const m of timeline) {
      if (!dmUsers.has(m.channel) && !list.some((c) => c.id === m.channel)) list.push({ id: m.channel, name: m.channel.toLowerCase(), isPrivate: false });
    }
    return list;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, target: URL, raw: string): Promise<boolean> => {
    const path = target.pathname;
    const asset = ASSETS[path];
    if (asset && req.method === 'GET') {
      const body = await readFile(new URL(`./public/${asset.file}`, import.meta.url));
      res.writeHead(200, {
        'content-type': asset.type,
        'content-length': body.length,
        'cache-control': 'no-store',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(body);
      return true;
    }
    if (!path.startsWith('/console/api/')) return false;
    const route = `${req.method ?? 'GET'} ${path.slice('/console/api/'.length)}`;
    const q = target.searchParams;
    switch (route) {
      case 'GET workspace':
        json(res, 200, {
          team: { id: deps.teamId, name: deps.teamName },
          bot: { id: deps.botUserId, name: deps.botName },
          users: deps.users.map((u) => ({ id: u.id, name: u.name, realName: u.realName })),
          channels: channelList(),
          app: appStatus(),
        });
        return true;
      case 'GET messages': {
        const channel = conversationId(q.get('channel') ?? '');
        const user = q.get('user') ?? '';
        const visible = timeline.filter((m) => m.channel === channel && canSee(m, user));
        json(res, 200, { version, messages: visible.map((m) => ({ ...m, ephemeral: m.visibleTo !== undefined })) });
        return true;
      }
      case 'GET calls':
        json(res, 200, { calls: apiLog });
        return true;
      case 'POST command':
      case 'POST action': {
        // JSON only: a cross-site form cannot post it without a CORS preflight, which is never granted.
        if (!req.headers['content-type']?.startsWith('application/json')) {
          json(res, 415, { ok: false, error: 'json_only' });
          return true;
        }
        let input: unknown;
        try {
          input = JSON.parse(raw);
        } catch {
          input = undefined;
        }
        if (typeof input !== 'object' || input === null) {
          json(res, 400, { ok: false, error: 'invalid_json' });
          return true;
        }
        const reply = route === 'POST command' ? await command(input as Json) : await action(input as Json);
        json(res, reply.ok === true ? 200 : 400, reply);
        return true;
      }
      default:
        json(res, 404, { ok: false, error: 'not_found' });
        return true;
    }
  };

  return {
    handle,
    onApiCall,
    onResponseUrlPost,
    messages: (channelId) => {
      const id = channelId === undefined ? undefined : conversationId(channelId);
      return timeline.filter((m) => id === undefined || m.channel === id).map((m) => structuredClone(m));
    },
    conversationId,
    dmUser: (channelId) => dmUsers.get(channelId),
    touch: () => {
      version++;
    },
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, body, { 'cache-control': 'no-store' });
}

function describe(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return err instanceof Error ? `${err.message}${cause}` : String(err);
}

/** Interactive elements of a block: a section's accessory, an actions block's elements. */
function elementsOf(block: Block): Json[] {
  const found: unknown[] = [];
  if (block.accessory) found.push(block.accessory);
  if (Array.isArray(block.elements) && block.type === 'actions') found.push(...(block.elements as unknown[]));
  return found.filter((e): e is Json => typeof e === 'object' && e !== null && (e as Json).type === 'button');
}

/** A copy of the blocks with the `block_id` and button `action_id` Slack generates when they are missing. */
function normalizeBlocks(blocks: unknown): Block[] | undefined {
  if (!Array.isArray(blocks)) return undefined;
  return blocks
    .filter((b): b is Block => typeof b === 'object' && b !== null)
    .map((original) => {
      const block = structuredClone(original);
      if (typeof block.block_id !== 'string') block.block_id = randomBytes(3).toString('base64url');
      for (const element of elementsOf(block)) {
        if (typeof element.action_id !== 'string') element.action_id = randomBytes(3).toString('base64url');
      }
      return block;
    });
}
