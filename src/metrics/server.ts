// `GET /metrics` on a port of its own (METRICS_PORT), never on the public PORT: what the bot is
// doing is for the people who run it, not for whoever can reach the hosted page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  /** The port actually bound (useful with METRICS_PORT=0). */
  port: number;
  close(): Promise<void>;
}

/** Serves `registry` at `/metrics` on `port`; `host` unset binds every address, as Node does. */
export async function startMetricsServer(registry: Registry, port: number, host: string | undefined, logger: Logger): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : text),
      (error: unknown) => {
        logger.error({ err: error }, 'could not collect metrics');
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('could not collect metrics\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      // A scraper keeps its connection alive between scrapes: nothing of value is cut.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
