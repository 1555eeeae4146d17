// Every log line of a request to the web routes carries the request's id, which the answer echoes
// in X-Request-Id: a proxy's id is kept when it is safe to log, and replaced when it is not.
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret } from '../../emulators/scalekit/server.js';
import { useTestBot } from '../helpers/bot.js';

interface LogLine {
  msg: string;
  requestId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids on the web routes', () => {
  const ctx = useTestBot({ env: { SCALEKIT_WEBHOOK_SECRET: generateWebhookSecret() } });

  /** A webhook with no valid signature: the bot refuses it and logs one line about it. */
  const unsignedWebhook = async (headers: Record<string, string> = {}) => {
    const before = ctx.t.logs.length;
    const res = await fetch(`${ctx.t.appUrl}/webhooks/scalekit`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    expect(res.status).toBe(401);
    const lines = ctx.t.logs.slice(before).map((line) => JSON.parse(line) as LogLine);
    const refused = lines.filter((line) => line.msg.startsWith('refused a Scalekit webhook'));
    expect(refused).toHaveLength(1);
    return { echoed: res.headers.get('x-request-id'), logged: refused[0]?.requestId };
  };

  it("keeps a caller's short plain X-Request-Id, logs it and echoes it", async () => {
    const { echoed, logged } = await unsignedWebhook({ 'x-request-id': 'lb-7f3a.9:c_1' });
    expect(echoed).toBe('lb-7f3a.9:c_1');
    expect(logged).toBe('lb-7f3a.9:c_1');
  });

  it.each([
    ['too long', 'a'.repeat(65)],
    ['with spaces and markup', 'x <script> y'],
    ['with JSON punctuation', '"},"level":60'],
  ])('replaces an X-Request-Id %s with one of its own', async (_what, given) => {
    const { echoed, logged } = await unsignedWebhook({ 'x-request-id': given });
    expect(echoed).toMatch(UUID);
    expect(logged).toBe(echoed);
    expect(ctx.t.logs.join('')).not.toContain('<script>');
  });

  it('gives each request without one an id of its own', async () => {
    const first = await unsignedWebhook();
    const second = await unsignedWebhook();
    expect(first.echoed).toMatch(UUID);
    expect(first.logged).toBe(first.echoed);
    expect(second.logged).toBe(second.echoed);
    expect(second.echoed).not.toBe(first.echoed);
  });

  it('echoes the id on every web route, the hosted page and health included', async () => {
    for (const path of ['/healthz', '/p/unknown-token', '/assets/hosted-page.css']) {
      const res = await fetch(`${ctx.t.appUrl}${path}`, { headers: { 'x-request-id': 'probe-1' } });
      expect(res.headers.get('x-request-id'), path).toBe('probe-1');
    }
  });
});
