// The small HTTP helpers both emulators (Slack and Scalekit) share. Like them, self-contained:
// nothing here imports from src/, and nothing under src/ may import it.

import type http from 'node:http';
import { text } from 'node:stream/consumers';

/**
 * The request body as UTF-8 text. With `maxBytes`, rejects (and destroys the request) as soon as
 * the body grows past it.
 */
export function readBody(req: http.IncomingMessage, maxBytes?: number): Promise<string> {
  if (maxBytes === undefined) return text(req);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Answers `body` as JSON with `status`; `headers` are added to (or override) the JSON ones. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}
