// Webhook signing and delivery for the fake Scalekit, and the sender that keeps the target and the deliveries.
//
// Scalekit signs webhooks the Standard Webhooks / Svix way, and `@scalekit-sdk/node` 2.x
// (`ScalekitClient.verifyWebhookPayload(secret, headers, rawBody)`, lib/scalekit.js) checks them so:
//   - headers `webhook-id`, `webhook-timestamp` (Unix seconds), `webhook-signature`;
//   - secret `whsec_<base64>`: the key is `Buffer.from(secret.split('_')[1], 'base64')`;
//   - signed content `${webhook-id}.${webhook-timestamp}.${rawBody}`, HMAC-SHA256, base64;
//   - `webhook-signature` is a space-separated list of `v1,<base64 signature>`;
//   - timestamps more than 5 minutes old or ahead are refused.
// This module signs exactly that way.

import { createHmac, randomBytes } from 'node:crypto';
import { newId } from './state.js';

export type WebhookEventType =
  | 'organization.sso_enabled'
  | 'organization.sso_disabled'
  | 'organization.directory_enabled'
  | 'organization.directory_disabled';

/** Scalekit's webhook envelope. */
export interface WebhookEnvelope {
  spec_version: '1';
  id: string;
  type: WebhookEventType;
  occurred_at: string;
  environment_id?: string;
  organization_id: string;
  object?: string;
  data: Record<string, unknown>;
}

export interface WebhookDelivery {
  /** The event id (`evt_...`), also sent as `webhook-id`. */
  id: string;
  type: WebhookEventType;
  /** The receiver's HTTP status, or an error message (`'ECONNREFUSED'`, `'timeout'`, ...) when none came. */
  status: number | string;
  /** The raw JSON body exactly as sent (and signed). */
  body: string;
  url: string;
  headers: Record<string, string>;
  at: Date;
}

/** A fresh secret in Scalekit's format: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The HMAC key the SDK derives from a secret (the part after the first `_`, base64-decoded). */
function keyOf(secret: string): Buffer {
  const parts = secret.split('_');
  if (parts.length < 2 || !parts[1]) {
    throw new Error('webhook secret must look like whsec_<base64> (see generateWebhookSecret())');
  }
  return Buffer.from(parts[1], 'base64');
}

/** Throws unless the SDK can use `secret` (it splits on `_` and base64-decodes the second part). */
function assertWebhookSecret(secret: string): void {
  keyOf(secret);
}

/** The `webhook-signature` header value for one message: `v1,<base64 HMAC-SHA256>`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, rawBody: string): string {
  const mac = createHmac('sha256', keyOf(secret)).update(`${id}.${timestampSeconds}.${rawBody}`).digest('base64');
  return `v1,${mac}`;
}

/** All three signature headers for a body, timestamped now (or at `at`). */
export function webhookHeaders(secret: string, id: string, rawBody: string, at: Date = new Date()): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, rawBody),
  };
}

/** POSTs a signed envelope; never throws (the outcome is in the returned delivery). */
async function deliverWebhook(
  target: { url: string; secret: string },
  envelope: WebhookEnvelope,
  signal: AbortSignal,
  timeoutMs = 5_000,
): Promise<WebhookDelivery> {
  const body = JSON.stringify(envelope);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'fake-scalekit-webhooks/1',
    ...webhookHeaders(target.secret, envelope.id, body),
  };
  const delivery: WebhookDelivery = {
    id: envelope.id,
    type: envelope.type,
    status: 'pending',
    body,
    url: target.url,
    headers,
    at: new Date(),
  };
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      redirect: 'manual',
    });
    delivery.status = res.status;
    await res.arrayBuffer().catch(() => undefined);
  } catch (error) {
    delivery.status = describeError(error);
  }
  return delivery;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timeout';
    if (error.name === 'AbortError') return 'aborted';
    const cause = (error as Error & { cause?: { code?: unknown; message?: unknown } }).cause;
    if (cause && typeof cause.code === 'string') return cause.code;
    if (cause && typeof cause.message === 'string') return cause.message;
    return error.message;
  }
  return String(error);
}

export interface WebhookTarget {
  url: string;
  secret: string;
}

/** Where webhooks go, what was delivered, and the deliveries still on their way. */
export interface WebhookSender {
  readonly target: WebhookTarget | null;
  /** See `FakeScalekit.setWebhook`. */
  setTarget(url: string | null, secret?: string): string | null;
  /** Fire-and-forget: the portal screen never waits on (or fails because of) the receiver. */
  send(type: WebhookEventType, orgId: string, object: string, data: Record<string, unknown>): void;
  /** Finished deliveries, oldest first. */
  readonly deliveries: WebhookDelivery[];
  settled(): Promise<void>;
  /** Aborts the deliveries under way. */
  close(): void;
}

export function createWebhookSender(environmentId: string): WebhookSender {
  const deliveries: WebhookDelivery[] = [];
  const pending = new Set<Promise<void>>();
  const shutdown = new AbortController();
  let target: WebhookTarget | null = null;

  return {
    get target() {
      return target;
    },
    setTarget(url, secret) {
      if (url === null) {
        target = null;
        return null;
      }
      const next = secret ?? target?.secret ?? generateWebhookSecret();
      assertWebhookSecret(next);
      target = { url, secret: next };
      return next;
    },
    send(type, orgId, object, data) {
      if (!target) return;
      const envelope: WebhookEnvelope = {
        spec_version: '1',
        id: newId('evt'),
        type,
        occurred_at: new Date().toISOString(),
        environment_id: environmentId,
        organization_id: orgId,
        object,
        data,
      };
      const delivery: Promise<void> = deliverWebhook(target, envelope, shutdown.signal)
        .then((done) => {
          deliveries.push(done);
        })
        .catch(() => undefined)
        .finally(() => pending.delete(delivery));
      pending.add(delivery);
    },
    deliveries,
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close() {
      shutdown.abort();
    },
  };
}
