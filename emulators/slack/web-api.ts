// The fake's Web API (`POST <url>/api/<method>`), as called by @slack/web-api's WebClient when
// `clientOptions.slackApiUrl` is `<url>/api/`. WebClient 8 posts application/x-www-form-urlencoded
// bodies with non-primitive arguments (blocks, view, ...) JSON-encoded as strings and the token in
// `Authorization: Bearer`; JSON bodies are accepted too. Answers are always `{ ok, ... }`, like Slack.

import type http from 'node:http';
import type { DirectMessages } from './direct-messages.js';
import type { FakeFiles } from './files.js';
import type { HomeViews } from './home-views.js';

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

export type SlackArgs = Record<string, unknown>;

export interface SlackApiCall {
  method: string;
  /** Decoded arguments; JSON-string fields (blocks, view, ...) parsed. Never includes `token`. */
  args: SlackArgs;
}

export type Reply = Record<string, unknown>;
type Handler = (args: SlackArgs) => Reply;

export interface WebApiDeps {
  botToken: string;
  appToken: string | undefined;
  teamId: string;
  teamName: string;
  botUserId: string;
  botId: string;
  users: SlackFakeUser[];
  channels: SlackFakeChannel[] | undefined;
  usergroups: Map<string, string[]>;
  dms: DirectMessages;
  files: FakeFiles;
  /** Each person's App Home, for views.publish. */
  homes: HomeViews;
  /** For `apps.connections.open`: a one-time Socket Mode URL. */
  issueSocketUrl(): string;
  nextTs(): string;
  nextId(prefix: string): string;
  /** Every call whose arguments decoded, before its token is checked. */
  record(call: SlackApiCall): void;
}

export interface WebApi {
  /** The answer, and the decoded arguments (undefined when the body did not decode). */
  answer(method: string, req: http.IncomingMessage, raw: string, query: URLSearchParams): { reply: Reply; args?: SlackArgs; status?: number };
  /** The next call of `method` answers `{ ok: false, error }` (queued: call again to fail more). */
  failNext(method: string, error: string): void;
  /** The next call of `method` answers with HTTP `status`, as Slack in an outage (queued likewise). */
  failNextWithStatus(method: string, status: number): void;
  clearFailures(): void;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function createWebApi(deps: WebApiDeps): WebApi {
  const failures = new Map<string, string[]>();
  const statusFailures = new Map<string, number[]>();
  const handlers = methods(deps);

  const answerDecoded = (method: string, req: http.IncomingMessage, args: SlackArgs): Reply => {
    const bodyToken = args.token;
    delete args.token;
    deps.record({ method, args });

    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : typeof bodyToken === 'string' ? bodyToken : undefined;
    if (!token) return { ok: false, error: 'not_authed' };
    // Socket Mode's one method takes the app-level token, and only it (as Slack).
    const appLevel = method === 'apps.connections.open';
    if (token === (appLevel ? deps.botToken : deps.appToken)) return { ok: false, error: 'not_allowed_token_type' };
    if (token !== (appLevel ? deps.appToken : deps.botToken)) return { ok: false, error: 'invalid_auth' };

    const queued = failures.get(method);
    const failure = queued?.shift();
    if (failure !== undefined) return { ok: false, error: failure };

    if (appLevel) return { ok: true, url: deps.issueSocketUrl() };
    const handler = handlers[method];
    return handler ? handler(args) : { ok: false, error: 'unknown_method' };
  };

  return {
    answer(method, req, raw, query) {
      let args: SlackArgs;
      try {
        args = decodeArgs(req.headers['content-type'], raw, query);
      } catch {
        return { reply: { ok: false, error: 'invalid_json' } };
      }
      const status = statusFailures.get(method)?.shift();
      if (status !== undefined) {
        deps.record({ method, args });
        return { reply: { ok: false, error: 'internal_error' }, args, status };
      }
      return { reply: answerDecoded(method, req, args), args };
    },
    failNext(method, error) {
      const queued = failures.get(method) ?? [];
      queued.push(error);
      failures.set(method, queued);
    },
    failNextWithStatus(method, status) {
      statusFailures.set(method, [...(statusFailures.get(method) ?? []), status]);
    },
    clearFailures() {
      failures.clear();
      statusFailures.clear();
    },
  };
}

/** The methods the fake answers, once the token checked out. */
function methods(deps: WebApiDeps): Record<string, Handler> {
  const { dms } = deps;
  const viewReply = (args: SlackArgs): Reply => {
    const view = typeof args.view === 'object' && args.view !== null ? (args.view as SlackArgs) : {};
    return { ok: true, view: { ...view, id: str(args.view_id) ?? deps.nextId('V'), team_id: deps.teamId } };
  };

  return {
    'auth.test': () => ({
      ok: true,
      url: `https://fake-${deps.teamId.toLowerCase()}.slack.com/`,
      team: deps.teamName,
      user: 'sso-portal-bot',
      team_id: deps.teamId,
      user_id: deps.botUserId,
      bot_id: deps.botId,
      is_enterprise_install: false,
    }),
    'users.info': (args) => {
      const user = deps.users.find((u) => u.id === args.user);
      if (!user) return { ok: false, error: 'user_not_found' };
      return {
        ok: true,
        user: {
          id: user.id,
          name: user.name,
          real_name: user.realName,
          team_id: deps.teamId,
          deleted: false,
          is_bot: false,
          profile: { real_name: user.realName, display_name: user.name },
        },
      };
    },
    'usergroups.users.list': (args) => {
      const members = deps.usergroups.get(String(args.usergroup));
      return members ? { ok: true, users: [...members] } : { ok: false, error: 'no_such_subteam' };
    },
    'chat.postMessage': (args) => {
      const channel = str(args.channel);
      if (!channel) return { ok: false, error: 'channel_not_found' };
      if (!str(args.text) && args.blocks === undefined && args.attachments === undefined) {
        return { ok: false, error: 'no_text' };
      }
      const ts = deps.nextTs();
      return {
        ok: true,
        channel: dms.conversationId(channel), // a user id posts to the DM: Slack answers its D id
        ts,
        message: { type: 'message', user: deps.botUserId, bot_id: deps.botId, text: args.text ?? '', blocks: args.blocks, ts },
      };
    },
    'chat.postEphemeral': (args) => {
      if (!str(args.channel)) return { ok: false, error: 'channel_not_found' };
      if (!str(args.user)) return { ok: false, error: 'user_not_found' };
      if (!str(args.text) && args.blocks === undefined && args.attachments === undefined) {
        return { ok: false, error: 'no_text' };
      }
      return { ok: true, message_ts: deps.nextTs() };
    },
    'views.open': (args) => (str(args.trigger_id) ? viewReply(args) : { ok: false, error: 'invalid_trigger_id' }),
    'views.push': (args) => (str(args.trigger_id) ? viewReply(args) : { ok: false, error: 'invalid_trigger_id' }),
    'views.update': viewReply,
    'views.publish': (args) => deps.homes.publish(args),
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
    'files.getUploadURLExternal': (args) => deps.files.getUploadUrl(args),
    'files.completeUploadExternal': (args) => deps.files.complete(args, (channel) => dms.conversationId(channel)),
    'conversations.open': (args) => {
      // The bot's DM with one user (group DMs are not emulated). `channel` reopens a known DM.
      const users = String(args.users ?? '').split(',').map((u) => u.trim()).filter(Boolean);
      const reopened = str(args.channel);
      if (users.length === 0 && !reopened) return { ok: false, error: 'users_list_not_supplied' };
      if (users.length > 1) return { ok: false, error: 'not_supported_by_fake: group DMs' };
      const user = users[0] ?? dms.userOf(reopened ?? '');
      if (!user || !/^[UW][A-Z0-9]+$/.test(user)) return { ok: false, error: users.length ? 'user_not_found' : 'channel_not_found' };
      return { ok: true, channel: { id: dms.conversationId(user), is_im: true, user } };
    },
    'conversations.info': (args) => {
      const id = String(args.channel ?? '');
      const known = deps.channels?.find((c) => c.id === id);
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
          ...(isIm && dms.userOf(id) ? { user: dms.userOf(id) } : {}),
          context_team_id: deps.teamId,
        },
      };
    },
  };
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
