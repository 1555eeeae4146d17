// A fake Slack on one local port, for tests and the demo emulator.
//
// - `POST <url>/api/<method>`: the Web API (web-api.ts), for `clientOptions.slackApiUrl`.
// - `POST <url>/response/<id>`: response URLs (response-urls.ts; `responseUrl()` issues them), as
//   posted to by Bolt's `respond()` (JSON bodies).
// - Direct messages: `chat.postMessage` / `chat.postEphemeral` to a user id (or to the D id
//   `conversations.open` answers for that user) land in the bot's DM with that user, which only
//   they see in the console. As Slack, the answer's `channel` is the DM's D id (direct-messages.ts).
// - `GET <url>/`: a web console standing in for the Slack client (console*.ts, public/): pick a
//   user and a channel, type `/sso-portal ...`, see the bot's replies, click its buttons; open the
//   app's Home tab (home-*.ts). Needs `app` (or setApp()) to know where the bot listens, unless
//   the bot connects in Socket Mode (app-delivery.ts).
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
import { createAppDelivery } from './app-delivery.js';
import { createConsole } from './console.js';
import { createDirectMessages } from './direct-messages.js';
import { createFiles } from './files.js';
import { createHomeInput, type HomeResult } from './home-input.js';
import { createHomeViews, type HomeView } from './home-views.js';
import { createResponseUrls, type SlackResponseUrlPost } from './response-urls.js';
import type { SlackFake, SlackFakeOptions } from './slack-fake.js';
import { createSocketMode } from './socket-mode.js';
import { createWaiters } from './waiting.js';
import { createWebApi, type Reply, type SlackApiCall } from './web-api.js';

export type { SlackFake, SlackFakeOptions } from './slack-fake.js';
export type { SlackFakeApp } from './app-delivery.js';
export type { ConsoleMessage, ResponseUrlContext } from './console-timeline.js';
export type { HomeAction } from './home-input.js';
export type { HomeView } from './home-views.js';
export type { SlackResponseUrlPost } from './response-urls.js';
export type { SlackFakeSocketMode, SocketModeAck, SocketModeEnvelopeType, SocketModeSendOptions } from './socket-mode.js';
export type { SlackApiCall, SlackArgs, SlackFakeChannel, SlackFakeUser } from './web-api.js';
export type { FakeFile, SharedFile } from './files.js';

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

  const appId = options.appId ?? 'A0FAKEAPP';
  const socketMode = createSocketMode({ url: () => url, appId, onChange: () => ui.touch() });
  const delivery = createAppDelivery({ app: () => app, socketMode });

  // Each person's Home view as it is now, one entry each, for waitForHomeView().
  const homesNow: Array<{ userId: string; view: HomeView }> = [];
  const homes = createHomeViews({
    teamId: options.teamId,
    appId,
    botId,
    isUser: (id) => options.users.some((u) => u.id === id),
    nextId,
    onChange: (userId, view) => {
      const entry = homesNow.find((e) => e.userId === userId);
      if (entry) entry.view = view;
      else homesNow.push({ userId, view });
      ui.touch();
      waiters.check();
    },
  });
  const homeInput = createHomeInput({ teamId: options.teamId, appId, botUserId: options.botUserId, users: options.users, homes, delivery });
  const settled = async (result: Promise<HomeResult>, what: string) => {
    const done = await result;
    if (!done.ok) throw new Error(`SlackFake: ${what} failed: ${done.error}`);
  };

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
    appId,
    app: () => app,
    socketMode,
    delivery,
    homes,
    homeInput,
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
    homes,
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
    openHome: (userId) => settled(homeInput.open(userId), `opening ${userId}'s Home tab`),
    homeView: (userId) => homes.view(userId),
    async waitForHomeView(userId, predicate = () => true, timeoutMs = 5000) {
      const found = await waiters.waitFor(homesNow, (e) => e.userId === userId && predicate(e.view), timeoutMs, `a matching Home view of ${userId}`);
      return structuredClone(found.view);
    },
    homeAction: (userId, action) => settled(homeInput.action(userId, action), `${userId}'s ${action.actionId} in their Home view`),
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
