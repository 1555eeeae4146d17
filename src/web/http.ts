import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { newRequestId } from '../logger.js';

/** Headers every answer of ours carries: nothing cached, nothing leaked, nothing sniffed. */
const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': contentType, ...headers });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
}

export function sendTooMany(res: ServerResponse, retryAfterSeconds: number): void {
  sendJson(res, 429, { error: 'rate_limited' }, { 'Retry-After': String(retryAfterSeconds) });
}

export class BodyTooLargeError extends Error {}

/** Reads a small request body; a larger one is refused rather than buffered. */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BodyTooLargeError(`body over ${limitBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The client's address: the socket's, or behind a trusted proxy the last X-Forwarded-For entry,
 * the one that proxy appended (earlier entries are whatever the client chose to send).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = [req.headers['x-forwarded-for'] ?? []].flat().join(',');
  const last = forwarded.split(',').at(-1)?.trim();
  return (trustProxy && last) || req.socket.remoteAddress || 'unknown';
}

/** A request with the parameters of its route's path (`/p/:token` → `params.token`). */
export interface RouteRequest extends IncomingMessage {
  params?: Readonly<Record<string, unknown>>;
}

/** An HTTP route beside Slack's. The composition root hands these to the Slack app's server. */
export interface Route {
  path: string;
  method: 'GET' | 'POST';
  handler: (req: RouteRequest, res: ServerResponse) => void;
}

/** A route's work; `log` is the request's logger, whose every line carries its request id. */
export type Handler = (req: RouteRequest, res: ServerResponse, log: Logger) => Promise<void>;

/** An incoming id goes into every log line of the request: only a short plain one is kept. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The request's id: the caller's `X-Request-Id` (a proxy's, say) when it is safe to log, else a new one. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : newRequestId();
}

/**
 * Wraps an async route handler: the request gets an id (echoed in `X-Request-Id`) and a logger
 * that carries it; a failure answers 500 (413 for an oversized body) and never crashes the
 * process or hangs the request. Paths are logged without their link token.
 */
export function guard(logger: Logger, handler: Handler): Route['handler'] {
  return (req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader('X-Request-Id', requestId);
    const log = logger.child({ requestId });
    handler(req, res, log).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, { error: 'body_too_large' });
        return;
      }
      log.error({ err: error, path: req.url?.replace(/\/p\/[^/?]+/, '/p/<token>') }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
      else res.end();
    });
  };
}

/** The routes, each telling `answered` its path pattern (never the path: it may hold a token) and status once it has answered. */
export function observed(routes: Route[], answered: (route: string, status: number) => void): Route[] {
  return routes.map((route) => ({
    ...route,
    handler: (req, res) => {
      res.once('finish', () => answered(route.path, res.statusCode));
      route.handler(req, res);
    },
  }));
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
