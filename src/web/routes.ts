import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { ReadinessReport } from '../readiness.js';
import type { WorkInFlight } from '../work-in-flight.js';
import type { ScalekitWebhooks } from '../core/scalekit-webhooks.js';
import { hostedPageRoutes, type HostedPageRoutesOptions } from './hosted-page-routes.js';
import { guard, observed, send, sendJson, type Handler, type Route } from './http.js';
import { webhookRoute } from './webhook-route.js';

export interface WebRoutesOptions extends HostedPageRoutesOptions {
  /** Resolves when the database answers. */
  ping: () => Promise<void>;
  /** Whether the bot can do its work now (see readiness.ts). */
  readiness: () => Promise<ReadinessReport>;
  /** The work under way: requests are counted in it, and refused once a shutdown began. */
  work: WorkInFlight;
  /** Serves `POST /webhooks/scalekit` when set (a webhook secret is configured). */
  webhooks?: ScalekitWebhooks;
  logger: Logger;
}

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
const ASSETS = {
  'hosted-page.js': { type: 'text/javascript; charset=utf-8', body: asset('hosted-page.js') },
  'hosted-page.css': { type: 'text/css; charset=utf-8', body: asset('hosted-page.css') },
};

/** Every HTTP route beside Slack's: health, readiness, static assets, the hosted page, Scalekit's webhooks. */
export function webRoutes(options: WebRoutesOptions): Route[] {
  const { ping, readiness, work, webhooks, logger } = options;

  const healthz: Handler = async (_req, res) => {
    try {
      await ping();
      sendJson(res, 200, { status: 'ok' });
    } catch {
      sendJson(res, 503, { status: 'database unavailable' });
    }
  };

  // 503 names the checks that failed (or says the bot is shutting down), for whoever looks.
  const readyz: Handler = async (_req, res) => {
    const report = await readiness();
    sendJson(res, report.status === 'ready' ? 200 : 503, report);
  };

  /**
   * A request that does work (a page served, a webhook taken) is waited for by a shutdown; once
   * one began, it is refused: the load balancer sends it elsewhere, Scalekit redelivers.
   */
  const counted = (route: Route): Route => ({
    ...route,
    handler: (req, res) => {
      if (!work.open) return sendJson(res, 503, { error: 'shutting_down' }, { Connection: 'close', 'Retry-After': '5' });
      work.track(once(res, 'close'));
      route.handler(req, res);
    },
  });

  const assets: Handler = async (req, res) => {
    const file = ASSETS[String(req.params?.file) as keyof typeof ASSETS];
    if (!file) return sendJson(res, 404, { error: 'not_found' });
    send(res, 200, file.type, file.body, { 'Cache-Control': 'public, max-age=300' });
  };

  const routes: Route[] = [
    { path: '/healthz', method: 'GET', handler: guard(logger, healthz) },
    { path: '/readyz', method: 'GET', handler: guard(logger, readyz) },
    { path: '/assets/:file', method: 'GET', handler: guard(logger, assets) },
    ...[...hostedPageRoutes(options), ...(webhooks ? [webhookRoute(webhooks, logger)] : [])].map(counted),
  ];
  return observed(routes, (route, status) => options.metrics.httpAnswered(route, status));
}
