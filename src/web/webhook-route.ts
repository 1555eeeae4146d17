import type { Logger } from 'pino';
import { z } from 'zod';
import { meaningOf } from '../core/links/events.js';
import type { ScalekitWebhooks } from '../core/scalekit-webhooks.js';
import { guard, parseJson, readBody, sendJson, type Handler, type Route } from './http.js';

const WEBHOOK_BODY_LIMIT = 64 * 1024;
const WEBHOOK_SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

const webhookEnvelope = z.object({ type: z.string() });
const setupEventEnvelope = z.object({
  id: z.string().min(1).max(200),
  type: z.string(),
  occurred_at: z.iso.datetime({ offset: true }),
  organization_id: z.string().min(1).max(200),
});

/** `POST /webhooks/scalekit`: nothing is read or stored before the signature checks out. */
export function webhookRoute(webhooks: ScalekitWebhooks, logger: Logger): Route {
  const handler: Handler = async (req, res, log) => {
    const rawBody = await readBody(req, WEBHOOK_BODY_LIMIT);
    const headers = Object.fromEntries(WEBHOOK_SIGNATURE_HEADERS.map((name) => [name, String(req.headers[name] ?? '')]));
    if (!webhooks.isAuthentic(headers, rawBody)) {
      log.warn({ webhookId: headers['webhook-id'] }, 'refused a Scalekit webhook: bad or stale signature');
      return sendJson(res, 401, { error: 'invalid_signature' });
    }
    const json = parseJson(rawBody);
    const envelope = webhookEnvelope.safeParse(json);
    if (!envelope.success) return sendJson(res, 400, { error: 'malformed_event' });
    // Any other event type is acknowledged, so Scalekit does not redeliver it.
    const meaning = meaningOf('webhook', envelope.data.type);
    if (!meaning) return sendJson(res, 200, { status: 'ignored' });
    const event = setupEventEnvelope.safeParse(json);
    if (!event.success) return sendJson(res, 400, { error: 'malformed_event' });
    const { id, type, occurred_at, organization_id } = event.data;
    const status = await webhooks.accept({ id, type, meaning, orgId: organization_id, occurredAt: new Date(occurred_at) });
    log.info({ eventId: id, type, orgId: organization_id, status }, 'Scalekit webhook');
    sendJson(res, 200, { status });
  };
  return { path: '/webhooks/scalekit', method: 'POST', handler: guard(logger, handler) };
}
