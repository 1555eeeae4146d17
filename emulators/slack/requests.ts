// Signed requests to a running Bolt HTTP receiver, shaped like Slack's own (and, for Socket Mode,
// the same slash-command fields as an envelope payload).

import { randomBytes } from 'node:crypto';
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

async function postSigned(options: SignedPostOptions, body: string): Promise<SlackPostResult> {
  const headers = signSlackRequest(options.signingSecret, body, options.timestamp);
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
