// The web console: a small stand-in for the Slack client, served by the fake on its own port.
// This file is its HTTP API; console-timeline.ts keeps what it shows, console-input.ts sends what
// its user types and clicks to the bot, home-input.ts what they do on the app's Home tab.
//
// - `GET /` the page; `GET /console/<module>.js`, `/console/console.css` its assets (public/).
// - `GET /console/api/workspace` team, users, channels, whether an app is connected.
// - `GET /console/api/messages?channel=C..&user=U..` the channel as that user sees it; with
//   `channel=<user id>` (or its D id) the user's direct messages with the bot (for that user only).
// - `GET /console/api/calls` the recorded Web API calls (newest last).
// - `GET /console/api/home?user=U..` `{ version, revision, view }`: the Home view published for
//   that user (`revision` changes with each publish and each choice made in it).
// - `POST /console/api/command` `{ userId, channelId, text }` a slash command (or a plain message).
// - `POST /console/api/action` `{ userId, messageId | viewId, blockId, actionId, value?, user? }`
//   a click, or an option chosen, in a message or in the user's Home view.
// - `POST /console/api/home` `{ userId }` the user opens the Home tab (`app_home_opened`).

import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { sendJson } from '../http.js';
import type { AppDelivery, SlackFakeApp } from './app-delivery.js';
import { createConsoleInput } from './console-input.js';
import { createTimeline, str, type BoundResponseUrl, type ConsoleMessage, type Json } from './console-timeline.js';
import type { DirectMessages } from './direct-messages.js';
import type { HomeInput } from './home-input.js';
import type { HomeViews } from './home-views.js';
import type { SlackFakeSocketMode } from './socket-mode.js';

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
  appId: string;
  users: Array<{ id: string; name: string; realName: string }>;
  channels: Array<{ id: string; name: string; isPrivate?: boolean }>;
  app(): SlackFakeApp | undefined;
  /** Used instead of `app` while it has a connection open. */
  socketMode: SlackFakeSocketMode;
  delivery: AppDelivery;
  homes: HomeViews;
  homeInput: HomeInput;
  /** A fresh response URL bound to a context (see responseUrl() in server.ts). */
  issueResponseUrl(context: BoundResponseUrl): string;
  nextTs(): string;
  dms: DirectMessages;
}

export interface SlackConsole {
  /** Serves the console's routes; false when the request is not one of them. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, target: URL, raw: string): Promise<boolean>;
  onApiCall(method: string, args: Json, reply: Json): void;
  onResponseUrlPost(context: BoundResponseUrl | undefined, body: unknown): void;
  /** The timeline (copies), of one conversation (a user id means their DM with the bot) or all. */
  messages(channelId?: string): ConsoleMessage[];
  /** Something the page shows besides messages changed (e.g. a Socket Mode connection): make it refresh. */
  touch(): void;
}

const API_LOG_MAX = 300;
const HTML = 'text/html; charset=utf-8';
const SCRIPT = 'text/javascript; charset=utf-8';
const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: HTML },
  '/console/': { file: 'index.html', type: HTML },
  '/console/console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
  ...Object.fromEntries(['console', 'dom', 'mrkdwn', 'blocks', 'messages', 'home'].map((name) => [`/console/${name}.js`, { file: `${name}.js`, type: SCRIPT }])),
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
  const timeline = createTimeline(deps);
  const input = createConsoleInput({ ...deps, timeline });
  const apiLog: ApiLogEntry[] = [];
  let apiSeq = 0;

  const onApiCall = (method: string, args: Json, reply: Json): void => {
    apiLog.push({ seq: ++apiSeq, at: new Date().toISOString(), method, ok: reply.ok === true, error: str(reply.error), args });
    if (apiLog.length > API_LOG_MAX) apiLog.splice(0, apiLog.length - API_LOG_MAX);
    timeline.touch();
    timeline.onApiCall(method, args, reply);
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
    for (const id of timeline.channelIds()) {
      if (!list.some((c) => c.id === id)) list.push({ id, name: id.toLowerCase(), isPrivate: false });
    }
    return list;
  };

  const post = (route: string, body: Json): Promise<Json> => {
    const userId = str(body.userId) ?? '';
    if (route === 'POST command') return input.command(body);
    if (route === 'POST home') return deps.homeInput.open(userId);
    if (body.viewId === undefined) return input.action(body);
    if (deps.homes.ownerOf(body.viewId) !== userId) return Promise.resolve({ ok: false, error: 'view_not_found' });
    const choice = { value: str(body.value), user: str(body.user) };
    return deps.homeInput.action(userId, { blockId: str(body.blockId) ?? '', actionId: str(body.actionId) ?? '', ...choice });
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
        const visible = timeline.visible(deps.dms.conversationId(q.get('channel') ?? ''), q.get('user') ?? '');
        json(res, 200, { version: timeline.version, messages: visible.map((m) => ({ ...m, ephemeral: m.visibleTo !== undefined })) });
        return true;
      }
      case 'GET calls':
        json(res, 200, { calls: apiLog });
        return true;
      case 'GET home': {
        const userId = q.get('user') ?? '';
        json(res, 200, { version: timeline.version, revision: deps.homes.revision(userId), view: deps.homes.view(userId) ?? null });
        return true;
      }
      case 'POST command':
      case 'POST action':
      case 'POST home': {
        // JSON only: a cross-site form cannot post it without a CORS preflight, which is never granted.
        if (!req.headers['content-type']?.startsWith('application/json')) {
          json(res, 415, { ok: false, error: 'json_only' });
          return true;
        }
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          body = undefined;
        }
        if (typeof body !== 'object' || body === null) {
          json(res, 400, { ok: false, error: 'invalid_json' });
          return true;
        }
        const reply = await post(route, body as Json);
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
    onResponseUrlPost: (context, body) => timeline.onResponseUrlPost(context, body),
    messages: (channelId) => timeline.messages(channelId),
    touch: () => timeline.touch(),
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, body, { 'cache-control': 'no-store' });
}
