import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

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

export type Handler = (req: RouteRequest, res: ServerResponse) => Promise<void>;

/**
 * Wraps an async route handler: a failure answers 500 (413 for an oversized body) and never
 * crashes the process or hangs the request. Paths are logged without their link token.
 */
export function guard(logger: Logger, handler: Handler): Route['handler'] {
  return (req, res) => {
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
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
