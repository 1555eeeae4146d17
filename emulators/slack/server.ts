// A fake Slack on one local port, for tests and (later) the demo emulator.
//
// - `POST <url>/api/<method>`: the Web API, as called by @slack/web-api's WebClient when
//   `clientOptions.slackApiUrl` is `<url>/api/`. WebClient 8 posts
//   application/x-www-form-urlencoded bodies with non-primitive arguments (blocks, view, ...)
//   JSON-encoded as strings and the token in `Authorization: Bearer`; JSON bodies are accepted
//   too. Answers are always HTTP 200 with `{ ok, ... }`, like Slack.
// - `POST <url>/response/<id>`: response URLs (`responseUrl()` issues them), as posted to by
//   Bolt's `respond()` (JSON bodies).
// - Direct messages: `chat.postMessage` / `chat.postEphemeral` to a user id (or to the D id
//   `conversations.open` answers for that user) land in the bot's DM with that user, which only
//   they see in the console. As Slack, the answer's `channel` is the DM's D id.
// - `GET <url>/`: a web console standing in for the Slack client (console.ts, public/): pick a
//   user and a channel, type `/sso-portal ...`, see the bot's replies, click its buttons. Needs
//   `app` (or setApp()) to know where the bot listens, unless the bot connects in Socket Mode.
// - Socket Mode (`appToken`): `apps.connections.open` with the app-level token hands out a
//   `ws://<url>/socket?ticket=...` URL, served on this same port (socket-mode.ts). While the app is
//   connected, the console's commands and clicks go over the socket; `socketMode.send()` sends any
//   envelope.
//
// Self-contained on purpose: nothing here imports from src/, and nothing under src/ may import
// this file.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { readBody, sendJson } from '../http.js';
import { createConsole, type ConsoleMessage, type ResponseUrlContext, type SlackFakeApp } from './console.js';
import { createSocketMode, type SlackFakeSocketMode } from './socket-mode.js';

export type { ConsoleMessage, ResponseUrlContext, SlackFakeApp } from './console.js';
export type { SlackFakeSocketMode, SocketModeAck, SocketModeEnvelopeType, SocketModeSendOptions } from './socket-mode.js';

export interface SlackFakeUser {
  id: string;
  name: string;
  realName: string;
}

export interface SlackFakeChannel {
  id: string;
  name: string;
  isPrivate?: boolean;
}

export interface SlackFakeOptions {
  botToken: string;
  /**
   * The app-level token (`xapp-...`) `apps.connections.open` accepts, enabling Socket Mode; any
   * other token gets `invalid_auth` (a bot token `not_allowed_token_type`). Unset: no Socket Mode.
   */
  appToken?: string;
  /** The app id in Socket Mode's `hello` and URLs; defaults to `A0FAKEAPP` (as in requests.ts). */
  appId?: string;
  teamId: string;
  botUserId: string;
  users: SlackFakeUser[];
  /** Usergroup id (`S...`) → member user ids. */
  usergroups?: Record<string, string[]>;
  /**
   * Named channels for conversations.info and the console's channel list; other `C`/`G`/`D` ids
   * get a synthesized answer. The console lists `#general` (C0GENERAL) when none are given.
   */
  channels?: SlackFakeChannel[];
  /** The bot, for the console: where its `POST /slack/events` is and its signing secret. */
  app?: SlackFakeApp;
  /** Defaults: `B<botUserId without U>`, `Fake Team`. */
  botId?: string;
  teamName?: string;
  /** Defaults to 0 (any free port) on 127.0.0.1; a fixed one suits a demo. */
  port?: number;
}

export type SlackArgs = Record<string, unknown>;

export interface SlackApiCall {
  method: string;
  /** Decoded arguments; JSON-string fields (blocks, view, ...) parsed. Never includes `token`. */
  args: SlackArgs;
}

export interface SlackResponseUrlPost {
  id: string;
  body: unknown;
}

export interface SlackFake {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `<url>/api/` — pass as `clientOptions.slackApiUrl`. */
  readonly apiUrl: string;
  /** `<url>/` — the web console. */
  readonly consoleUrl: string;
  readonly calls: SlackApiCall[];
  readonly responses: SlackResponseUrlPost[];
  /**
   * A fresh `<url>/response/<id>` that accepts up to 5 posts, like Slack's. With a context, its
   * posts also show in the console (ephemeral ones to `userId` only).
   */
  responseUrl(context?: ResponseUrlContext): string;
  /** Socket Mode: the app's WebSocket connections, and envelopes sent over them. */
  readonly socketMode: SlackFakeSocketMode;
  /** Point the console at the bot (e.g. once it listens and its port is known); undefined detaches it. */
  setApp(app: SlackFakeApp | undefined): void;
  /**
   * The console's timeline (copies), of one channel or all, oldest first. A user id (or its D id)
   * gives the bot's DM with that user.
   */
  messages(channelId?: string): ConsoleMessage[];
  /** First recorded response-URL post (present or future) matching `predicate`. */
  waitForResponse(
    predicate?: (response: SlackResponseUrlPost) => boolean,
    timeoutMs?: number,
  ): Promise<SlackResponseUrlPost>;
  /** First recorded Web API call of `method` (present or future) matching `predicate`. */
  waitForCall(
    method: string,
    predicate?: (call: SlackApiCall) => boolean,
    timeoutMs?: number,
  ): Promise<SlackApiCall>;
  /** Calls of one method recorded so far. */
  callsTo(method: string): SlackApiCall[];
  setUsergroup(id: string, members: string[]): void;
  /** The next call of `method` answers `{ ok: false, error }` (queued: call again to fail more). */
  failNext(method: string, error: string): void;
  /** Forget recorded calls and responses (issued response URLs stay valid). */
  reset(): void;
  close(): Promise<void>;
}

type Reply = Record<string, unknown>;
type Handler = (args: SlackArgs) => Reply;

const RESPONSE_URL_MAX_POSTS = 5;
const MAX_BODY_BYTES = 1024 * 1024;

export async function startSlackFake(options: SlackFakeOptions): Promise<SlackFake> {
  const calls: SlackApiCall[] = [];
  const responses: SlackResponseUrlPost[] = [];
  const usergroups = new Map<string, string[]>(Object.entries(options.usergroups ?? {}));
  const failures = new Map<string, string[]>();
  const responseUrlPosts = new Map<string, number>();
  const waiters = new Set<Waiter>();
  const botId = options.botId ?? `B${options.botUserId.replace(/^[UW]/, '')}`;
  const teamName = options.teamName ?? 'Fake Team';
  let seq = 0;
  let url = '';
  let app = options.app;
  const responseUrlContexts = new Map<string, ResponseUrlContext>();

  const issueResponseUrl = (context?: ResponseUrlContext): string => {
    const id = `R${Date.now().toString(36)}${String(++seq).padStart(6, '0')}`;
    responseUrlPosts.set(id, 0);
    if (context) responseUrlContexts.set(id, context);
    return `${url}/response/${id}`;
  };

  const nextTs = (): string => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
  const nextId = (prefix: string): string => `${prefix}${String(++seq).padStart(8, '0')}`;
  const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

  const viewReply = (args: SlackArgs): Reply => {
    const view = typeof args.view === 'object' && args.view !== null ? (args.view as SlackArgs) : {};
    return { ok: true, view: { ...view, id: str(args.view_id) ?? nextId('V'), team_id: options.teamId } };
  };

  const handlers: Record<string, Handler> = {
    'auth.test': () => ({
      ok: true,
      url: `https://fake-${options.teamId.toLowerCase()}.slack.com/`,
      team: teamName,
      user: 'sso-portal-bot',
      team_id: options.teamId,
      user_id: options.botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }),
    'users.info': (args) => {
      const user = options.users.find((u) => u.id === args.user);
      if (!user) return { ok: false, error: 'user_not_found' };
      return {
        ok: true,
        user: {
          id: user.id,
          name: user.name,
          real_name: user.realName,
          team_id: options.teamId,
          deleted: false,
          is_bot: false,
          profile: { real_name: user.realName, display_name: user.name },
        },
      };
    },
    'usergroups.users.list': (args) => {
      const members = usergroups.get(String(args.usergroup));
      return members ? { ok: true, users: [...members] } : { ok: false, error: 'no_such_subteam' };
    },
    'chat.postMessage': (args) => {
      const channel = str(args.channel);
      if (!channel) return { ok: false, error: 'channel_not_found' };
      if (!str(args.text) && args.blocks === undefined && args.attachments === undefined) {
        return { ok: false, error: 'no_text' };
      }
      const ts = nextTs();
      return {
        ok: true,
        channel: ui.conversationId(channel), // a user id posts to the DM: Slack answers its D id

        ts,
        message: { type: 'message', user: options.botUserId, bot_id: botId, text: args.text ?? '', blocks: args.blocks, ts },
      };
    },
    'chat.postEphemeral': (args) => {
      if (!str(args.channel)) return { ok: false, error: 'channel_not_found' };
      if (!str(args.user)) return { ok: false, error: 'user_not_found' };
      if (!str(args.text) && args.blocks === undefined && args.attachments === undefined) {
        return { ok: false, error: 'no_text' };
      }
      return { ok: true, message_ts: nextTs() };
    },
    'views.open': (args) => (str(args.trigger_id) ? viewReply(args) : { ok: false, error: 'invalid_trigger_id' }),
    'views.push': (args) => (str(args.trigger_id) ? viewReply(args) : { ok: false, error: 'invalid_trigger_id' }),
    'views.update': viewReply,
    'views.publish': viewReply,
    'chat.update': (args) => {
      if (!str(args.channel)) return { ok: false, error: 'channel_not_found' };
      if (!str(args.ts)) return { ok: false, error: 'message_not_found' };
      return { ok: true, channel: args.channel, ts: args.ts, text: args.text ?? '', message: { text: args.text ?? '', blocks: args.blocks } };
    },
    'chat.delete': (args) => {
      if (!str(args.channel)) return { ok: false, error: 'channel_not_found' };
      if (!str(args.ts)) return { ok: false, error: 'message_not_found' };
      return { ok: true, channel: args.channel, ts: args.ts };
    },
    'conversations.open': (args) => {
      // The bot's DM with one user (group DMs are not emulated). `channel` reopens a known DM.
      const users = String(args.users ?? '').split(',').map((u) => u.trim()).filter(Boolean);
      const reopened = str(args.channel);
      if (users.length === 0 && !reopened) return { ok: false, error: 'users_list_not_supplied' };
      if (users.length > 1) return { ok: false, error: 'not_supported_by_fake: group DMs' };
      const user = users[0] ?? ui.dmUser(reopened ?? '');
      if (!user || !/^[UW][A-Z0-9]+$/.test(user)) return { ok: false, error: users.length ? 'user_not_found' : 'channel_not_found' };
      return { ok: true, channel: { id: ui.conversationId(user), is_im: true, user } };
    },
    'conversations.info': (args) => {
      const id = String(args.channel ?? '');
      const known = options.channels?.find((c) => c.id === id);
      if (!known && !/^[CGD][A-Z0-9]+$/.test(id)) return { ok: false, error: 'channel_not_found' };
      const isIm = id.startsWith('D');
      return {
        ok: true,
        channel: {
          id,
          name: known?.name ?? (isIm ? undefined : id.toLowerCase()),
          is_channel: !isIm && !(known?.isPrivate ?? id.startsWith('G')),
          is_private: known?.isPrivate ?? id.startsWith('G'),
          is_im: isIm,
          ...(isIm && ui.dmUser(id) ? { user: ui.dmUser(id) } : {}),
          context_team_id: options.teamId,
        },
      };
    },
  };

  const socketMode = createSocketMode({
    url: () => url,
    appId: options.appId ?? 'A0FAKEAPP',
    onChange: () => ui.touch(),
  });

  const ui = createConsole({
    teamId: options.teamId,
    teamName,
    botUserId: options.botUserId,
    botId,
    botName: 'sso-portal-bot',
    users: options.users,
    channels: options.channels?.length ? options.channels : [{ id: 'C0GENERAL', name: 'general' }],
    app: () => app,
    socketMode,
    issueResponseUrl,
    nextTs,
  });

  const notify = (): void => {
    for (const waiter of waiters) waiter.check();
  };

  const handleApi = (method: string, req: http.IncomingMessage, raw: string, query: URLSearchParams): Reply => {
    let args: SlackArgs;
    try {
      args = decodeArgs(req.headers['content-type'], raw, query);
    } catch {
      return { ok: false, error: 'invalid_json' };
    }
    const reply = answerApi(method, req, args);
    ui.onApiCall(method, args, reply);
    return reply;
  };

  const answerApi = (method: string, req: http.IncomingMessage, args: SlackArgs): Reply => {
    const bodyToken = args.token;
    delete args.token;
    calls.push({ method, args });
    notify();

    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : typeof bodyToken === 'string' ? bodyToken : undefined;
    if (!token) return { ok: false, error: 'not_authed' };
    // Socket Mode's one method takes the app-level token, and only it (as Slack).
    const appLevel = method === 'apps.connections.open';
    if (token === (appLevel ? options.botToken : options.appToken)) return { ok: false, error: 'not_allowed_token_type' };
    if (token !== (appLevel ? options.appToken : options.botToken)) return { ok: false, error: 'invalid_auth' };

    const queued = failures.get(method);
    const failure = queued?.shift();
    if (failure !== undefined) return { ok: false, error: failure };

    if (appLevel) return { ok: true, url: socketMode.issueUrl() };
    const handler = handlers[method];
    return handler ? handler(args) : { ok: false, error: 'unknown_method' };
  };

  const handleResponseUrl = (id: string, raw: string): { status: number; reply: Reply } => {
    const used = responseUrlPosts.get(id);
    if (used === undefined) return { status: 404, reply: { ok: false, error: 'invalid_response_url' } };
    if (used >= RESPONSE_URL_MAX_POSTS) return { status: 404, reply: { ok: false, error: 'used_url' } };
    let body: unknown;
    try {
      body = raw === '' ? {} : JSON.parse(raw);
    } catch {
      return { status: 400, reply: { ok: false, error: 'invalid_payload' } };
    }
    responseUrlPosts.set(id, used + 1);
    responses.push({ id, body });
    ui.onResponseUrlPost(responseUrlContexts.get(id), body);
    notify();
    return { status: 200, reply: { ok: true } };
  };

  const server = http.createServer((req, res) => {
    const send = (status: number, reply: Reply): void => sendJson(res, status, reply);
    readBody(req, MAX_BODY_BYTES)
      .then((raw) => {
        const target = new URL(req.url ?? '/', url);
        const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(target.pathname);
        if (api?.[1] && (req.method === 'POST' || req.method === 'GET')) {
          send(200, handleApi(api[1], req, raw, target.searchParams));
          return;
        }
        const response = /^\/response\/([A-Za-z0-9_-]+)$/.exec(target.pathname);
        if (response?.[1] && req.method === 'POST') {
          const { status, reply } = handleResponseUrl(response[1], raw);
          send(status, reply);
          return;
        }
        return ui.handle(req, res, target, raw).then((handled) => {
          if (!handled) send(404, { ok: false, error: 'not_found' });
        });
      })
      .catch(() => {
        if (!res.headersSent) send(400, { ok: false, error: 'invalid_request' });
      });
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!socketMode.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const waitFor = <T>(list: T[], match: (item: T) => boolean, timeoutMs: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const found = list.find(match);
          if (found === undefined) return;
          settle();
          resolve(found);
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        waiter.fail(new Error(`SlackFake: timed out after ${timeoutMs} ms waiting for ${what}; ${list.length} recorded`));
      }, timeoutMs);
      const settle = (): void => {
        clearTimeout(timer);
        waiters.delete(waiter);
      };
      waiters.add(waiter);
      waiter.check();
    });

  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responses,
    consoleUrl: `${url}/`,
    socketMode: {
      get connections() {
        return socketMode.connections;
      },
      get opened() {
        return socketMode.opened;
      },
      get pings() {
        return socketMode.pings;
      },
      send: (type, payload, sendOptions) => socketMode.send(type, payload, sendOptions),
      waitForConnection: (count, timeoutMs) => socketMode.waitForConnection(count, timeoutMs),
      disconnect: (reason) => socketMode.disconnect(reason),
    },
    responseUrl(context) {
      return issueResponseUrl(context);
    },
    setApp(next) {
      app = next;
    },
    messages(channelId) {
      return ui.messages(channelId);
    },
    waitForResponse(predicate = () => true, timeoutMs = 5000) {
      return waitFor(responses, predicate, timeoutMs, 'a matching response-URL post');
    },
    waitForCall(method, predicate = () => true, timeoutMs = 5000) {
      return waitFor(calls, (c) => c.method === method && predicate(c), timeoutMs, `a matching ${method} call`);
    },
    callsTo(method) {
      return calls.filter((c) => c.method === method);
    },
    setUsergroup(id, members) {
      usergroups.set(id, [...members]);
    },
    failNext(method, error) {
      const queued = failures.get(method) ?? [];
      queued.push(error);
      failures.set(method, queued);
    },
    reset() {
      calls.length = 0;
      responses.length = 0;
      failures.clear();
    },
    async close() {
      for (const waiter of waiters) waiter.fail(new Error('SlackFake: closed while waiting'));
      socketMode.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

interface Waiter {
  check(): void;
  fail(error: Error): void;
}

/** Query string + body (JSON or form) → arguments, with JSON-encoded strings parsed. */
function decodeArgs(contentType: string | undefined, raw: string, query: URLSearchParams): SlackArgs {
  const args: SlackArgs = Object.fromEntries(query);
  if (raw === '') return args;
  if (contentType?.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return { ...args, ...(parsed as SlackArgs) };
  }
  for (const [key, value] of new URLSearchParams(raw)) args[key] = parseJsonField(key, value);
  return args;
}

// WebClient JSON-encodes every non-primitive argument; plain strings (text, ids) stay as they are.
// `text` is never JSON-decoded so a message that happens to look like JSON stays a string.
function parseJsonField(key: string, value: string): unknown {
  if (key === 'text' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
