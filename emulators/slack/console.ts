// The web console: a small stand-in for the Slack client, served by the fake on its own port.
// This file is its HTTP API; console-timeline.ts keeps what it shows, console-input.ts sends what
// its user types and clicks to the bot.
//
// - `GET /` the page; `GET /console/console.js`, `/console/console.css` its assets (public/).
// - `GET /console/api/workspace` team, users, channels, whether an app is connected.
// - `GET /console/api/messages?channel=C..&user=U..` the channel as that user sees it; with
//   `channel=<user id>` (or its D id) the user's direct messages with the bot (for that user only).
// - `GET /console/api/calls` the recorded Web API calls (newest last).
// - `POST /console/api/command` `{ userId, channelId, text }` a slash command (or a plain message).
// - `POST /console/api/action` `{ userId, messageId, blockId, actionId }` a button click.

import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { sendJson } from '../http.js';
import { createConsoleInput, type SlackFakeApp } from './console-input.js';
import { createTimeline, str, type BoundResponseUrl, type ConsoleMessage, type Json } from './console-timeline.js';
import type { DirectMessages } from './direct-messages.js';
import type { SlackFakeSocketMode } from './socket-mode.js';

export type { SlackFakeApp } from './console-input.js';
export type { ConsoleMessage, ResponseUrlContext } from './console-timeline.js';

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
      case 'POST command':
      case 'POST action': {
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
        const reply = route === 'POST command' ? await input.command(body as Json) : await input.action(body as Json);
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
