// How what happens in the fake reaches the app: over its Socket Mode connection while one is
// open, else as a signed request to its `POST /slack/events` (requests.ts), with Slack's 3 s
// limit for the ack either way. Slash commands, clicks (interactions) and Events API events.

import { sendEvent, sendInteraction, sendSlashCommand, slashCommandPayload, type SlackPostResult, type SlashCommandFields } from './requests.js';
import type { SlackFakeSocketMode } from './socket-mode.js';

/** Where the bot's `POST /slack/events` is, and the secret to sign requests with. */
export interface SlackFakeApp {
  eventsUrl: string;
  signingSecret: string;
}

export type Json = Record<string, unknown>;

/** Delivered (with what the app put in its ack, for a command), or why not. */
export type Delivered = { ok: true; answer?: Json } | { ok: false; error: 'dispatch_failed' | 'operation_timeout'; detail: string };

export interface AppDelivery {
  /** Whether an app listens: a Socket Mode connection, or an events URL. */
  connected(): boolean;
  command(fields: SlashCommandFields): Promise<Delivered>;
  interaction(payload: Json): Promise<Delivered>;
  /** An Events API body (`{ type: 'event_callback', event, ... }`). */
  event(body: Json): Promise<Delivered>;
}

export const NO_APP = 'no_app: start the fake with `app` or call setApp(), or connect in Socket Mode';
const ACK_TIMEOUT_MS = 3000;

export function createAppDelivery(deps: { app(): SlackFakeApp | undefined; socketMode: SlackFakeSocketMode }): AppDelivery {
  const socket = () => deps.socketMode.connections > 0;

  /** Sends over the socket or HTTP; the answer is the ack's non-empty payload or body. */
  const deliver = async (overSocket: () => Promise<Json | undefined>, overHttp: (app: SlackFakeApp) => Promise<SlackPostResult>): Promise<Delivered> => {
    const app = deps.app();
    try {
      if (socket()) {
        const payload = await overSocket();
        return { ok: true, ...(payload && Object.keys(payload).length > 0 ? { answer: payload } : {}) };
      }
      if (!app) return { ok: false, error: 'dispatch_failed', detail: NO_APP };
      const result = await overHttp(app);
      if (result.status !== 200) return { ok: false, error: 'dispatch_failed', detail: `the app answered HTTP ${result.status}` };
      if (result.body.trim() === '') return { ok: true };
      return { ok: true, answer: typeof result.json === 'object' && result.json !== null ? (result.json as Json) : { text: result.body } };
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      return { ok: false, error: timedOut ? 'operation_timeout' : 'dispatch_failed', detail: describe(err) };
    }
  };
  const signed = (app: SlackFakeApp) => ({ appUrl: app.eventsUrl, path: '', signingSecret: app.signingSecret, timeoutMs: ACK_TIMEOUT_MS });
  const envelope = async (type: 'slash_commands' | 'interactive' | 'events_api', payload: Json) =>
    (await deps.socketMode.send(type, payload, { acceptsResponsePayload: type === 'slash_commands', timeoutMs: ACK_TIMEOUT_MS })).payload;

  return {
    connected: () => socket() || deps.app() !== undefined,
    command: (fields) =>
      deliver(
        () => envelope('slash_commands', slashCommandPayload(fields)),
        (app) => sendSlashCommand({ ...fields, ...signed(app) }),
      ),
    interaction: (payload) => deliver(() => envelope('interactive', payload), (app) => sendInteraction({ ...signed(app), payload })),
    event: (body) => deliver(() => envelope('events_api', body), (app) => sendEvent({ ...signed(app), body })),
  };
}

function describe(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return err instanceof Error ? `${err.message}${cause}` : String(err);
}
