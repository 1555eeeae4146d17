import type { CustomRoute } from '@slack/bolt';
import type { ParamsIncomingMessage } from '@slack/bolt/dist/receivers/ParamsIncomingMessage.js';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Brand } from '../config.js';
import { findIdpGuides } from '../core/guides.js';
import { RECORDED_PORTAL_EVENTS, type DeadState, type HostedLinks } from '../core/hosted-links.js';
import { isRecordedOrgEvent, RECORDED_ORG_EVENTS, type ScalekitWebhooks } from '../core/org-events.js';
import { ScalekitOrgNotFoundError, ScalekitUnavailableError } from '../core/ports.js';
import { hashLinkToken } from '../core/tokens.js';
import { BodyTooLargeError, clientAddress, readBody, send, sendJson, sendTooMany } from './http.js';
import { deadLinkPage, hostedPage } from './pages.js';
import { RateLimits } from './rate-limits.js';

export interface WebRoutesOptions {
  hostedLinks: HostedLinks;
  /** Resolves when the database answers. */
  ping: () => Promise<void>;
  /** Serves `POST /webhooks/scalekit` when set (a webhook secret is configured). */
  webhooks?: ScalekitWebhooks;
  scalekitEnvironmentUrl: string;
  brand: Brand;
  trustProxy: boolean;
  logger: Logger;
  limits?: RateLimits;
}

type Handler = (req: ParamsIncomingMessage, res: ServerResponse) => Promise<void>;

const DEAD_STATUS: Record<DeadState, number> = { expired: 410, revoked: 410, exhausted: 410, unknown: 404 };
const EVENT_BODY_LIMIT = 2048;
const SESSION_BODY_LIMIT = 256;
const WEBHOOK_BODY_LIMIT = 64 * 1024;
const WEBHOOK_SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
const ASSETS = {
  'hosted-page.js': { type: 'text/javascript; charset=utf-8', body: asset('hosted-page.js') },
  'hosted-page.css': { type: 'text/css; charset=utf-8', body: asset('hosted-page.css') },
};

const sessionRequest = z.object({ firstLoad: z.boolean().optional() });
const portalEventReport = z.object({ event: z.enum(RECORDED_PORTAL_EVENTS) });
const webhookEnvelope = z.object({ type: z.string() });
const setupEventEnvelope = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(RECORDED_ORG_EVENTS),
  occurred_at: z.iso.datetime({ offset: true }),
  organization_id: z.string().min(1).max(200),
});

/** The `:token` path parameter (path-to-regexp types params as possibly repeated). */
const tokenParam = (req: ParamsIncomingMessage): string => String(req.params?.token ?? '');

/** HTTP routes beside Slack's: health, and the hosted setup page with its two endpoints. */
export function webRoutes(options: WebRoutesOptions): CustomRoute[] {
  const { hostedLinks, ping, brand, logger } = options;
  const limits = options.limits ?? new RateLimits();
  const portalOrigin = new URL(options.scalekitEnvironmentUrl).origin;
  const logoOrigin = brand.logoUrl ? ` ${new URL(brand.logoUrl).origin}` : '';

  /** Page headers: scripts only from us, frames only from Scalekit, never framed ourselves. */
  const pageHeaders = (nonce: string) => ({
    'Content-Security-Policy': [
      "default-src 'none'",
      "script-src 'self'",
      `style-src 'self' 'nonce-${nonce}'`,
      `img-src 'self'${logoOrigin}`,
      "connect-src 'self'",
      `frame-src ${portalOrigin}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; '),
    'X-Frame-Options': 'DENY',
  });

  const sendPage = (res: ServerResponse, status: number, render: (nonce: string) => string) => {
    const nonce = randomBytes(16).toString('base64');
    send(res, status, 'text/html; charset=utf-8', render(nonce), pageHeaders(nonce));
  };

  // A failure here must answer 500, never crash the process or hang the request. Paths are
  // logged without their token.
  const guarded =
    (handler: Handler) =>
    (req: ParamsIncomingMessage, res: ServerResponse): void => {
      handler(req, res).catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) {
          sendJson(res, 413, { error: 'body_too_large' });
          return;
        }
        logger.error({ err: error, path: req.url?.replace(/\/p\/[^/?]+/, '/p/<token>') }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
        else res.end();
      });
    };

  /** Unknown tokens are cheap to look up but are how guessing looks: limit them per client. */
  const refuse = async (req: ParamsIncomingMessage, state: DeadState): Promise<number | null> =>
    state === 'unknown' ? limits.spend(['unknownTokenPerClient', clientAddress(req, options.trustProxy)]) : null;

  const healthz: Handler = async (_req, res) => {
    try {
      await ping();
      sendJson(res, 200, { status: 'ok' });
    } catch {
      sendJson(res, 503, { status: 'database unavailable' });
    }
  };

  const assets: Handler = async (req, res) => {
    const file = ASSETS[String(req.params?.file) as keyof typeof ASSETS];
    if (!file) return sendJson(res, 404, { error: 'not_found' });
    send(res, 200, file.type, file.body, { 'Cache-Control': 'public, max-age=300' });
  };

  const page: Handler = async (req, res) => {
    const hosted = await hostedLinks.lookUp(tokenParam(req));
    if (hosted.state !== 'live') {
      const wait = await refuse(req, hosted.state);
      if (wait) return sendTooMany(res, wait);
      return sendPage(res, DEAD_STATUS[hosted.state], (nonce) => deadLinkPage(hosted.state, brand, nonce));
    }
    const { link } = hosted;
    sendPage(res, 200, (nonce) =>
      hostedPage({
        orgName: link.orgName ?? '',
        issuerName: link.issuerName,
        expiresAt: link.expiresAt as Date,
        idp: link.idp ? findIdpGuides(link.idp) : null,
        portalOrigin,
        nonce,
        brand,
      }),
    );
  };

  const session: Handler = async (req, res) => {
    const token = tokenParam(req);
    const wait = await limits.spend(['sessionPerToken', hashLinkToken(token)], ['sessionPerClient', clientAddress(req, options.trustProxy)]);
    if (wait) return sendTooMany(res, wait);
    const body = sessionRequest.safeParse(parseJson(await readBody(req, SESSION_BODY_LIMIT)));
    try {
      const minted = await hostedLinks.mintSession(token, body.success && body.data.firstLoad === true);
      if (minted.state !== 'live') {
        const refusedWait = await refuse(req, minted.state);
        if (refusedWait) return sendTooMany(res, refusedWait);
        return sendJson(res, DEAD_STATUS[minted.state], { error: minted.state });
      }
      sendJson(res, 200, { location: minted.portal.location, expiresAt: minted.portal.expiresAt.toISOString() });
    } catch (error) {
      if (error instanceof ScalekitUnavailableError) sendJson(res, 503, { error: 'scalekit_unavailable' });
      else if (error instanceof ScalekitOrgNotFoundError) sendJson(res, 502, { error: 'organization_not_found' });
      else throw error;
    }
  };

  const events: Handler = async (req, res) => {
    const token = tokenParam(req);
    const wait = await limits.spend(['eventsPerToken', hashLinkToken(token)], ['eventsPerClient', clientAddress(req, options.trustProxy)]);
    if (wait) return sendTooMany(res, wait);
    const report = portalEventReport.safeParse(parseJson(await readBody(req, EVENT_BODY_LIMIT)));
    if (!report.success) return sendJson(res, 400, { error: 'unknown_event' });
    const state = await hostedLinks.recordPortalEvent(token, report.data.event);
    if (state !== 'live') return sendJson(res, DEAD_STATUS[state], { error: state });
    res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
  };

  // Scalekit's webhooks: nothing is read or stored before the signature checks out.
  const webhook =
    (webhooks: ScalekitWebhooks): Handler =>
    async (req, res) => {
      const rawBody = await readBody(req, WEBHOOK_BODY_LIMIT);
      const headers = Object.fromEntries(WEBHOOK_SIGNATURE_HEADERS.map((name) => [name, String(req.headers[name] ?? '')]));
      if (!webhooks.isAuthentic(headers, rawBody)) {
        logger.warn({ webhookId: headers['webhook-id'] }, 'refused a Scalekit webhook: bad or stale signature');
        return sendJson(res, 401, { error: 'invalid_signature' });
      }
      const json = parseJson(rawBody);
      const envelope = webhookEnvelope.safeParse(json);
      if (!envelope.success) return sendJson(res, 400, { error: 'malformed_event' });
      // Any other event type is acknowledged, so Scalekit does not redeliver it.
      if (!isRecordedOrgEvent(envelope.data.type)) return sendJson(res, 200, { status: 'ignored' });
      const event = setupEventEnvelope.safeParse(json);
      if (!event.success) return sendJson(res, 400, { error: 'malformed_event' });
      const { id, type, occurred_at, organization_id } = event.data;
      const status = await webhooks.accept({ id, type, orgId: organization_id, occurredAt: new Date(occurred_at) });
      logger.info({ eventId: id, type, orgId: organization_id, status }, 'Scalekit webhook');
      sendJson(res, 200, { status });
    };

  return [
    { path: '/healthz', method: 'GET', handler: guarded(healthz) },
    { path: '/assets/:file', method: 'GET', handler: guarded(assets) },
    { path: '/p/:token', method: 'GET', handler: guarded(page) },
    { path: '/p/:token/session', method: 'POST', handler: guarded(session) },
    { path: '/p/:token/events', method: 'POST', handler: guarded(events) },
    ...(options.webhooks ? [{ path: '/webhooks/scalekit', method: 'POST', handler: guarded(webhook(options.webhooks)) }] : []),
  ];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
