import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { ScalekitWebhooks } from '../core/scalekit-webhooks.js';
import { hostedPageRoutes, type HostedPageRoutesOptions } from './hosted-page-routes.js';
import { guard, observed, send, sendJson, type Handler, type Route } from './http.js';
import { webhookRoute } from './webhook-route.js';

export interface WebRoutesOptions extends HostedPageRoutesOptions {
  /** Resolves when the database answers. */
  ping: () => Promise<void>;
  /** Serves `POST /webhooks/scalekit` when set (a webhook secret is configured). */
  webhooks?: ScalekitWebhooks;
  logger: Logger;
}

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
const ASSETS = {
  'hosted-page.js': { type: 'text/javascript; charset=utf-8', body: asset('hosted-page.js') },
  'hosted-page.css': { type: 'text/css; charset=utf-8', body: asset('hosted-page.css') },
};

/** Every HTTP route beside Slack's: health, static assets, the hosted page, Scalekit's webhooks. */
export function webRoutes(options: WebRoutesOptions): Route[] {
  const { ping, webhooks, logger } = options;

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

  const routes: Route[] = [
    { path: '/healthz', method: 'GET', handler: guard(logger, healthz) },
    { path: '/assets/:file', method: 'GET', handler: guard(logger, assets) },
    ...hostedPageRoutes(options),
    ...(webhooks ? [webhookRoute(webhooks, logger)] : []),
  ];
  return observed(routes, (route, status) => options.metrics.httpAnswered(route, status));
}
