// Signed requests to a running Bolt HTTP receiver, shaped like Slack's own (and, for Socket Mode,
// the same slash-command fields and event bodies as an envelope payload).

import { randomBytes } from 'node:crypto';
import { dmChannelId } from './direct-messages.js';
import { signSlackRequest } from './sign.js';

export interface SlackPostResult {
  status: number;
  /** Raw response body ('' when Bolt acks with no content). */
  body: string;
  /** The body parsed as JSON, or undefined when empty or not JSON. */
  json: unknown;
}

interface SignedPostOptions {
  appUrl: string;
  signingSecret: string;
  /** Seconds; defaults to now. An old one makes a stale request. */
  timestamp?: number;
  /** Sent instead of the computed signature (to test rejection). */
  signature?: string;
  /** Defaults to `/slack/events`. */
  path?: string;
  /** Give up after this many ms (Slack waits 3 s for an ack); no limit by default. */
  timeoutMs?: number;
}

/** What a slash command carries: form fields over HTTP, the envelope's `payload` in Socket Mode. */
export interface SlashCommandFields {
  command?: string;
  text: string;
  userId: string;
  userName?: string;
  teamId: string;
  teamDomain?: string;
  channelId: string;
  channelName?: string;
  responseUrl: string;
  triggerId?: string;
  apiAppId?: string;
}

export interface SlashCommandOptions extends SignedPostOptions, SlashCommandFields {}

export interface InteractionOptions extends SignedPostOptions {
  /** The interaction payload (block_actions, view_submission, shortcut, ...), sent as `payload=<json>`. */
  payload: Record<string, unknown>;
}

export interface EventOptions extends SignedPostOptions {
  /** The whole Events API body (`{ type: 'event_callback', event, ... }`), e.g. appHomeOpenedEvent(). */
  body: Record<string, unknown>;
}

/** What an `app_home_opened` event carries. */
export interface AppHomeOpenedFields {
  userId: string;
  teamId: string;
  /** Defaults to `home`; `messages` when the person opened the Messages tab. */
  tab?: 'home' | 'messages';
  /** The Home view published for this person, if any (Slack sends it along). */
  view?: object;
  /** The app's DM with the person; defaults to its D id (direct-messages.ts). */
  channelId?: string;
  apiAppId?: string;
  /** The bot's user id, for the body's `authorizations` (left out without it). */
  botUserId?: string;
}

export interface AppHomeOpenedOptions extends SignedPostOptions, AppHomeOpenedFields {}

export function fakeTriggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString('hex')}`;
}

export function sendSlashCommand(options: SlashCommandOptions): Promise<SlackPostResult> {
  return postSigned(options, new URLSearchParams(slashCommandPayload(options)).toString());
}

/** A slash command's fields as Slack sends them (all strings, in Slack's order). */
export function slashCommandPayload(options: SlashCommandFields): Record<string, string> {
  return {
    token: 'fake-verification-token',
    team_id: options.teamId,
    team_domain: options.teamDomain ?? `fake-${options.teamId.toLowerCase()}`,
    channel_id: options.channelId,
    channel_name: options.channelName ?? (options.channelId.startsWith('D') ? 'directmessage' : options.channelId.toLowerCase()),
    user_id: options.userId,
    user_name: options.userName ?? options.userId.toLowerCase(),
    command: options.command ?? '/sso-portal',
    text: options.text,
    api_app_id: options.apiAppId ?? 'A0FAKEAPP',
    is_enterprise_install: 'false',
    response_url: options.responseUrl,
    trigger_id: options.triggerId ?? fakeTriggerId(),
  };
}

export function sendInteraction(options: InteractionOptions): Promise<SlackPostResult> {
  const body = new URLSearchParams({ payload: JSON.stringify(options.payload) }).toString();
  return postSigned(options, body);
}

/** The Events API body Slack posts when someone opens the app's Home tab (or Messages tab). */
export function appHomeOpenedEvent(fields: AppHomeOpenedFields): Record<string, unknown> {
  const now = Date.now();
  const seconds = Math.floor(now / 1000);
  return {
    token: 'fake-verification-token',
    team_id: fields.teamId,
    api_app_id: fields.apiAppId ?? 'A0FAKEAPP',
    event: {
      type: 'app_home_opened',
      user: fields.userId,
      channel: fields.channelId ?? dmChannelId(fields.userId),
      tab: fields.tab ?? 'home',
      ...(fields.view ? { view: fields.view } : {}),
      event_ts: `${seconds}.${String((now % 1000) * 1000).padStart(6, '0')}`,
    },
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: seconds,
    ...(fields.botUserId
      ? { authorizations: [{ enterprise_id: null, team_id: fields.teamId, user_id: fields.botUserId, is_bot: true, is_enterprise_install: false }] }
      : {}),
    is_ext_shared_channel: false,
  };
}

/** An Events API request: a JSON body, signed, as Slack posts events. */
export function sendEvent(options: EventOptions): Promise<SlackPostResult> {
  return postSigned(options, JSON.stringify(options.body), 'application/json');
}

/** A signed `app_home_opened` event, as Slack sends it when `userId` opens the app's Home tab. */
export function sendAppHomeOpened(options: AppHomeOpenedOptions): Promise<SlackPostResult> {
  return sendEvent({ ...options, body: appHomeOpenedEvent(options) });
}

async function postSigned(options: SignedPostOptions, body: string, contentType?: string): Promise<SlackPostResult> {
  const headers = signSlackRequest(options.signingSecret, body, options.timestamp, contentType);
  if (options.signature !== undefined) headers['x-slack-signature'] = options.signature;
  const res = await fetch(`${options.appUrl.replace(/\/+$/, '')}${options.path ?? '/slack/events'}`, {
    method: 'POST',
    headers,
    body,
    signal: options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: text, json };
}
