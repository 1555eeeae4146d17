import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Brand } from '../config.js';
import { findIdpGuides } from '../core/guides.js';
import type { IssuedLink } from '../core/links/link.js';
import { isTrackedPageEvent, type DeadState, type HostedLinks, type HostedLinkState } from '../core/links/hosted.js';
import { hashLinkToken } from '../core/links/tokens.js';
import { ScalekitOrgNotFoundError, ScalekitUnavailableError } from '../core/ports.js';
import type { BotMetrics } from '../metrics/metrics.js';
import { clientAddress, guard, parseJson, readBody, send, sendJson, sendTooMany, type Handler, type Route, type RouteRequest } from './http.js';
import { deadLinkPage, hostedPage } from './pages.js';
import { RateLimits } from './rate-limits.js';

export interface HostedPageRoutesOptions {
  hostedLinks: HostedLinks;
  scalekitEnvironmentUrl: string;
  brand: Brand;
  trustProxy: boolean;
  logger: Logger;
  metrics: Pick<BotMetrics, 'httpAnswered' | 'sessionMinted' | 'linkRefused'>;
  limits?: RateLimits;
}

const DEAD_STATUS: Record<DeadState, number> = { expired: 410, revoked: 410, replaced: 410, exhausted: 410, unknown: 404 };
const EVENT_BODY_LIMIT = 2048;
const SESSION_BODY_LIMIT = 256;

const sessionRequest = z.object({ firstLoad: z.boolean().optional() });
const portalEventReport = z.object({ event: z.string().max(100) });

/** Where the hosted page of a token is served, below PUBLIC_BASE_URL. */
export const hostedPagePath = (token: string): string => `/p/${encodeURIComponent(token)}`;

/** The `:token` path parameter (path-to-regexp types params as possibly repeated). */
const tokenParam = (req: RouteRequest): string => String(req.params?.token ?? '');

/** The hosted setup page, the session endpoint its script calls, and the portal-event relay. */
export function hostedPageRoutes(options: HostedPageRoutesOptions): Route[] {
  const { hostedLinks, brand, logger, metrics } = options;
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

  /**
   * Refusals are limited per client address: unknown tokens are how guessing looks, and each
   * refusal of a known link writes an audit row, so a flood answered 429 writes none. A live
   * token never spends this budget: guesses cannot lock out the real admins behind the address.
   * The seconds to wait when over it, else null (the refusal audited).
   */
  const refuse = async (req: RouteRequest, hosted: HostedLinkState): Promise<number | null> => {
    const wait = await limits.spend(['deadLinkPerClient', clientAddress(req, options.trustProxy)]);
    if (!wait) {
      await hostedLinks.refused(hosted);
      metrics.linkRefused(hosted.state);
    }
    return wait;
  };

  const page: Handler = async (req, res) => {
    const hosted = await hostedLinks.find(tokenParam(req));
    if (hosted.state !== 'live') {
      const wait = await refuse(req, hosted);
      if (wait) return sendTooMany(res, wait);
      return sendPage(res, DEAD_STATUS[hosted.state], (nonce) => deadLinkPage(hosted.state, brand, nonce));
    }
    const { link } = hosted;
    sendPage(res, 200, (nonce) =>
      hostedPage({
        orgName: link.orgName,
        issuerName: link.issuerName,
        expiresAt: link.expiresAt,
        idp: link.idp ? findIdpGuides(link.idp) : null,
        scope: link.scope,
        portalOrigin,
        nonce,
        brand,
      }),
    );
  };

  /** The token's link if live and within its budget; otherwise the refusal is sent, and null. */
  const liveWithin = async (req: RouteRequest, res: ServerResponse, budget: 'sessionPerToken' | 'eventsPerToken'): Promise<IssuedLink | null> => {
    const token = tokenParam(req);
    const hosted = await hostedLinks.find(token);
    if (hosted.state !== 'live') {
      const wait = await refuse(req, hosted);
      if (wait) sendTooMany(res, wait);
      else sendJson(res, DEAD_STATUS[hosted.state], { error: hosted.state });
      return null;
    }
    const wait = await limits.spend([budget, hashLinkToken(token)]);
    if (wait) {
      sendTooMany(res, wait);
      return null;
    }
    return hosted.link;
  };

  const session: Handler = async (req, res) => {
    const body = sessionRequest.safeParse(parseJson(await readBody(req, SESSION_BODY_LIMIT)));
    const link = await liveWithin(req, res, 'sessionPerToken');
    if (!link) return;
    try {
      const portal = await hostedLinks.mintSession(link, body.success && body.data.firstLoad === true);
      metrics.sessionMinted();
      sendJson(res, 200, { location: portal.location, expiresAt: portal.expiresAt.toISOString() });
    } catch (error) {
      if (error instanceof ScalekitUnavailableError) sendJson(res, 503, { error: 'scalekit_unavailable' });
      else if (error instanceof ScalekitOrgNotFoundError) sendJson(res, 502, { error: 'organization_not_found' });
      else throw error;
    }
  };

  const events: Handler = async (req, res) => {
    const report = portalEventReport.safeParse(parseJson(await readBody(req, EVENT_BODY_LIMIT)));
    if (!report.success || !isTrackedPageEvent(report.data.event)) return sendJson(res, 400, { error: 'unknown_event' });
    const link = await liveWithin(req, res, 'eventsPerToken');
    if (!link) return;
    await hostedLinks.recordPageReport(link, report.data.event);
    res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
  };

  return [
    { path: '/p/:token', method: 'GET', handler: guard(logger, page) },
    { path: '/p/:token/session', method: 'POST', handler: guard(logger, session) },
    { path: '/p/:token/events', method: 'POST', handler: guard(logger, events) },
  ];
}
