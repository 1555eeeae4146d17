import type { CustomRoute } from '@slack/bolt';
import type { ParamsIncomingMessage } from '@slack/bolt/dist/receivers/ParamsIncomingMessage.js';
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { LinkService } from '../core/link-service.js';
import { ScalekitOrgNotFoundError, ScalekitUnavailableError } from '../core/ports.js';
import { readBody, sendHtml, sendJson } from './http.js';
import { deadLinkPage, hostedPage } from './pages.js';

export interface WebRoutesOptions {
  links: LinkService;
  /** Resolves when the database answers. */
  ping: () => Promise<void>;
  scalekitEnvironmentUrl: string;
  logger: Logger;
}

type Handler = (req: ParamsIncomingMessage, res: ServerResponse) => Promise<void>;

/** The `:token` path parameter (path-to-regexp types params as possibly repeated). */
const tokenParam = (req: ParamsIncomingMessage): string => String(req.params?.token ?? '');

const DEAD_STATUS = { expired: 410, revoked: 410, unknown: 404 } as const;

/** HTTP routes beside Slack's: health, and the hosted setup page with its session endpoint. */
export function webRoutes({ links, ping, scalekitEnvironmentUrl, logger }: WebRoutesOptions): CustomRoute[] {
  const frameOrigin = new URL(scalekitEnvironmentUrl).origin;

  // A failure here must answer 500, never crash the process or hang the request.
  const guarded =
    (handler: Handler) =>
    (req: ParamsIncomingMessage, res: ServerResponse): void => {
      handler(req, res).catch((error: unknown) => {
        logger.error({ err: error, path: req.url?.replace(/\/p\/[^/]+/, '/p/<token>') }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
        else res.end();
      });
    };

  const healthz: Handler = async (_req, res) => {
    try {
      await ping();
      sendJson(res, 200, { status: 'ok' });
    } catch {
      sendJson(res, 503, { status: 'database unavailable' });
    }
  };

  const page: Handler = async (req, res) => {
    const token = tokenParam(req);
    const hosted = await links.hostedLink(token);
    if (hosted.state !== 'live') {
      sendHtml(res, DEAD_STATUS[hosted.state], deadLinkPage(hosted.state));
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      "connect-src 'self'",
      `frame-src ${frameOrigin}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; ');
    const html = hostedPage({ orgName: hosted.link.orgName ?? '', token, nonce, expiresAt: hosted.link.expiresAt as Date });
    sendHtml(res, 200, html, { 'Content-Security-Policy': csp });
  };

  const session: Handler = async (req, res) => {
    const token = tokenParam(req);
    const body = await readBody(req, 1024);
    const firstLoad = body !== null && /"firstLoad"\s*:\s*true/.test(body);
    try {
      const minted = await links.mintSession(token, firstLoad);
      if (!minted.portal) {
        sendJson(res, DEAD_STATUS[minted.state as keyof typeof DEAD_STATUS], { error: minted.state });
        return;
      }
      sendJson(res, 200, { location: minted.portal.location, expiresAt: minted.portal.expiresAt.toISOString() });
    } catch (error) {
      if (error instanceof ScalekitUnavailableError) sendJson(res, 503, { error: 'scalekit_unavailable' });
      else if (error instanceof ScalekitOrgNotFoundError) sendJson(res, 502, { error: 'organization_not_found' });
      else throw error;
    }
  };

  return [
    { path: '/healthz', method: 'GET', handler: guarded(healthz) },
    { path: '/p/:token', method: 'GET', handler: guarded(page) },
    { path: '/p/:token/session', method: 'POST', handler: guarded(session) },
  ];
}
