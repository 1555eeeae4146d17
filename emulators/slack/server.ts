// A fake Slack on one local port, for tests and the demo emulator.
//
// - `POST <url>/api/<method>`: the Web API (web-api.ts), for `clientOptions.slackApiUrl`.
// - `POST <url>/response/<id>`: response URLs (response-urls.ts; `responseUrl()` issues them), as
//   posted to by Bolt's `respond()` (JSON bodies).
// - Direct messages: `chat.postMessage` / `chat.postEphemeral` to a user id (or to the D id
//   `conversations.open` answers for that user) land in the bot's DM with that user, which only
//   they see in the console. As Slack, the answer's `channel` is the DM's D id (direct-messages.ts).
// - `GET <url>/`: a web console standing in for the Slack client (console*.ts, public/): pick a
//   user and a channel, type `/sso-portal ...`, see the bot's replies, click its buttons. Needs
//   `app` (or setApp()) to know where the bot listens, unless the bot connects in Socket Mode.
// - Socket Mode (`appToken`): `apps.connections.open` with the app-level token hands out a
//   `ws://<url>/socket?ticket=...` URL, served on this same port (socket-mode.ts). While the app is
//   connected, the console's commands and clicks go over the socket; `socketMode.send()` sends any
//   envelope.
// This file puts them together on one HTTP server and hands out the control API tests drive.
//
// Self-contained on purpose: nothing here imports from src/, and nothing under src/ may import
// this file.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { readBody, sendJson } from '../http.js';
import { createConsole, type ConsoleMessage, type ResponseUrlContext, type SlackFakeApp } from './console.js';
import { createDirectMessages } from './direct-messages.js';
import { createFiles, type FakeFile } from './files.js';
import { createResponseUrls, type SlackResponseUrlPost } from './response-urls.js';
import { createSocketMode, type SlackFakeSocketMode } from './socket-mode.js';
import { createWaiters } from './waiting.js';
import { createWebApi, type Reply, type SlackApiCall, type SlackFakeChannel, type SlackFakeUser } from './web-api.js';

export type { ConsoleMessage, ResponseUrlContext, SlackFakeApp } from './console.js';
export type { SlackResponseUrlPost } from './response-urls.js';
export type { SlackFakeSocketMode, SocketModeAck, SocketModeEnvelopeType, SocketModeSendOptions } from './socket-mode.js';
export type { SlackApiCall, SlackArgs, SlackFakeChannel, SlackFakeUser } from './web-api.js';
export type { FakeFile, SharedFile } from './files.js';

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
  /** A file uploaded through files.getUploadURLExternal (its content once POSTed whole). */
  file(id: string): FakeFile | undefined;
  /** The next call of `method` answers `{ ok: false, error }` (queued: call again to fail more). */
  failNext(method: string, error: string): void;
  /** The next call of `method` answers with HTTP `status`, as Slack in an outage (queued likewise). */
  failNextWithStatus(method: string, status: number): void;
  /** Forget recorded calls and responses (issued response URLs stay valid). */
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function startSlackFake(options: SlackFakeOptions): Promise<SlackFake> {
  const calls: SlackApiCall[] = [];
  const responses: SlackResponseUrlPost[] = [];
  const usergroups = new Map<string, string[]>(Object.entries(options.usergroups ?? {}));
  const waiters = createWaiters();
  const botId = options.botId ?? `B${options.botUserId.replace(/^[UW]/, '')}`;
  const teamName = options.teamName ?? 'Fake Team';
  const dms = createDirectMessages(options.users.map((u) => u.id));
  let seq = 0;
  let url = '';
  let app = options.app;

  const nextTs = (): string => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
  const nextId = (prefix: string): string => `${prefix}${String(++seq).padStart(8, '0')}`;

  const files = createFiles({ baseUrl: () => url, nextId });

  const socketMode = createSocketMode({
    url: () => url,
    appId: options.appId ?? 'A0FAKEAPP',
    onChange: () => ui.touch(),
  });

  const responseUrls = createResponseUrls({
    baseUrl: () => url,
    nextSeq: () => ++seq,
    onPost: (post, context) => {
      responses.push(post);
      ui.onResponseUrlPost(context, post.body);
      waiters.check();
    },
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
    issueResponseUrl: (context) => responseUrls.issue(context),
    nextTs,
    dms,
  });

  const webApi = createWebApi({
    botToken: options.botToken,
    appToken: options.appToken,
    teamId: options.teamId,
    teamName,
    botUserId: options.botUserId,
    botId,
    users: options.users,
    channels: options.channels,
    usergroups,
    dms,
    files,
    issueSocketUrl: () => socketMode.issueUrl(),
    nextTs,
    nextId,
    record: (call) => {
      calls.push(call);
      waiters.check();
    },
  });

  const server = http.createServer((req, res) => {
    const send = (status: number, reply: Reply): void => sendJson(res, status, reply);
    // File bytes are streamed, and may be larger than any other body.
    const path = new URL(req.url ?? '/', url).pathname;
    const upload = /^\/upload\/(F[A-Z0-9]+)$/.exec(path);
    if (upload?.[1] && req.method === 'POST') return files.receive(upload[1], req, res);
    const download = /^\/files\/(F[A-Z0-9]+)\/[^/]+$/.exec(path);
    if (download?.[1] && req.method === 'GET') return files.serve(download[1], res);
    readBody(req, MAX_BODY_BYTES)
      .then((raw) => {
        const target = new URL(req.url ?? '/', url);
        const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(target.pathname);
        if (api?.[1] && (req.method === 'POST' || req.method === 'GET')) {
          const { reply, args, status = 200 } = webApi.answer(api[1], req, raw, target.searchParams);
          if (args) ui.onApiCall(api[1], args, reply);
          send(status, reply);
          return;
        }
        const response = /^\/response\/([A-Za-z0-9_-]+)$/.exec(target.pathname);
        if (response?.[1] && req.method === 'POST') {
          const { status, reply } = responseUrls.post(response[1], raw);
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
      return responseUrls.issue(context);
    },
    setApp(next) {
      app = next;
    },
    messages(channelId) {
      return ui.messages(channelId);
    },
    waitForResponse(predicate = () => true, timeoutMs = 5000) {
      return waiters.waitFor(responses, predicate, timeoutMs, 'a matching response-URL post');
    },
    waitForCall(method, predicate = () => true, timeoutMs = 5000) {
      return waiters.waitFor(calls, (c) => c.method === method && predicate(c), timeoutMs, `a matching ${method} call`);
    },
    callsTo(method) {
      return calls.filter((c) => c.method === method);
    },
    setUsergroup(id, members) {
      usergroups.set(id, [...members]);
    },
    file: (id) => files.get(id),
    failNext(method, error) {
      webApi.failNext(method, error);
    },
    failNextWithStatus(method, status) {
      webApi.failNextWithStatus(method, status);
    },
    reset() {
      calls.length = 0;
      responses.length = 0;
      webApi.clearFailures();
    },
    async close() {
      waiters.failAll(new Error('SlackFake: closed while waiting'));
      socketMode.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
