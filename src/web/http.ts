import type { IncomingMessage, ServerResponse } from 'node:http';

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

/** The client's address: the socket's, or behind a trusted proxy the first X-Forwarded-For hop. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return (trustProxy && first) || req.socket.remoteAddress || 'unknown';
}
