// The fake Scalekit's portal and webhooks, over plain HTTP (no browser): single-use and expiring
// portal links, portal actions recorded as events, and webhooks the real SDK verifies.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScalekitClient } from '@scalekit-sdk/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  generateWebhookSecret,
  startFakeScalekit,
  type FakeScalekit,
} from '../../emulators/scalekit/server.js';
import { scopedPortalLinks } from '../../src/scalekit/scoped-portal-link.js';

const CLIENT_ID = 'skc_emulator_test';
const CLIENT_SECRET = 'emulator-secret';
const EVIL = '<script>alert(1)</script> & Co';

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A local webhook receiver that records raw bodies and answers `status`. */
async function startReceiver(status = 204) {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      received.push({ headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/scalekit`;
  return {
    url,
    received,
    async next(count: number): Promise<Received[]> {
      while (received.length < count) await new Promise<void>((r) => waiters.push(r));
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Issues a portal link through the real SDK (gRPC), as the bot does. */
async function issueLink(fake: FakeScalekit, orgId: string): Promise<{ id: string; location: string }> {
  const sdk = new ScalekitClient(fake.url, CLIENT_ID, CLIENT_SECRET);
  const link = await sdk.organization.generatePortalLink(orgId);
  return { id: link.id, location: link.location };
}

/** Opens a link and returns the page with its session token (what the page's script sends back). */
async function openPortal(location: string): Promise<{ res: Response; html: string; session: string }> {
  const res = await fetch(location);
  const html = await res.text();
  const config = /<script type="application\/json" id="portal-config">([^<]*)<\/script>/.exec(html);
  const session = config?.[1] ? (JSON.parse(config[1]) as { session: string }).session : '';
  return { res, html, session };
}

function act(location: string, action: string, session: string): Promise<Response> {
  return fetch(`${location}/actions/${action}`, { method: 'POST', headers: { 'x-portal-session': session } });
}

describe('fake Scalekit portal links', () => {
  let fake: FakeScalekit;

  beforeAll(async () => {
    fake = await startFakeScalekit({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      orgs: [{ id: 'org_evil', displayName: EVIL }, { id: 'org_acme', displayName: 'Acme Corp' }],
      portalLinkTtlMs: 200,
    });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('opens once with the org name escaped, then answers 410 "already been used"', async () => {
    const link = await issueLink(fake, 'org_evil');
    const first = await openPortal(link.location);
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('cache-control')).toBe('no-store');
    expect(first.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co · Single sign-on setup');
    expect(first.html).not.toContain(EVIL);
    expect(first.html).not.toContain('<script>alert(1)');
    expect(first.html).toContain('Fake Scalekit Admin Portal for');
    for (const id of ['configure-sso', 'configure-directory', 'session-warning', 'expire-session', 'load-failure', 'legacy-sso-configured']) {
      expect(first.html).toContain(`id="${id}"`);
    }
    expect(first.session).toMatch(/^ps_/);

    const entry = fake.portalLinks.find((l) => l.id === link.id);
    expect(entry?.opens).toBe(1);
    expect(entry?.openedAt).toBeInstanceOf(Date);
    expect(fake.portalEvents.at(-1)).toMatchObject({ linkId: link.id, orgId: 'org_evil', eventType: 'PORTAL_LOAD_SUCCESS' });
    const session = fake.portalSessions.find((s) => s.linkId === link.id);
    expect(session?.expiresAt.getTime()).toBe((session?.openedAt.getTime() ?? 0) + 6 * 60 * 60 * 1000);

    const second = await fetch(link.location);
    expect(second.status).toBe(410);
    expect(second.headers.get('cache-control')).toBe('no-store');
    expect(await second.text()).toContain('This link has already been used');
    expect(entry?.opens).toBe(2);
  });

  it('answers 410 "expired" when the link is not opened within portalLinkTtlMs', async () => {
    const link = await issueLink(fake, 'org_acme');
    await new Promise((r) => setTimeout(r, 300));
    const res = await fetch(link.location);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('expired');
    const entry = fake.portalLinks.find((l) => l.id === link.id);
    expect(entry?.openedAt).toBeNull();
    expect(fake.portalSessions.some((s) => s.linkId === link.id)).toBe(false);
  });

  it('answers 404 for an unknown link', async () => {
    expect((await fetch(`${fake.url}/portal/lnk_nope`)).status).toBe(404);
  });
});

describe('fake Scalekit portal actions and webhooks', () => {
  let fake: FakeScalekit;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secret = generateWebhookSecret();

  beforeAll(async () => {
    receiver = await startReceiver();
    fake = await startFakeScalekit({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      orgs: [{ id: 'org_acme', displayName: 'Acme Corp' }],
      webhook: { url: receiver.url, secret },
    });
  });
  afterEach(() => {
    fake.setWebhook(receiver.url, secret);
  });
  afterAll(async () => {
    await fake.close();
    await receiver.close();
  });

  it('records a configure-sso action and delivers a webhook the real SDK verifies', async () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const link = await issueLink(fake, 'org_acme');
    const { session } = await openPortal(link.location);

    const res = await act(link.location, 'configure-sso', session);
    expect(res.status).toBe(200);
    const { message } = (await res.json()) as { message: { event_type: string; organization_id: string; data: Record<string, string> } };
    expect(message).toMatchObject({
      event_type: 'ORGANIZATION_SSO_ENABLED',
      organization_id: 'org_acme',
      data: { connection_type: 'SAML', provider: 'OKTA' },
    });
    expect(message.data.connection_id).toMatch(/^conn_/);
    expect(fake.portalEvents.at(-1)).toMatchObject({ linkId: link.id, orgId: 'org_acme', eventType: 'ORGANIZATION_SSO_ENABLED' });

    const [delivery] = await receiver.next(1);
    await fake.webhooksSettled();
    const body = JSON.parse(delivery?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'organization.sso_enabled',
      organization_id: 'org_acme',
      data: { id: message.data.connection_id, connection_type: 'SAML', provider: 'OKTA', enabled: true },
    });
    expect(body.id).toMatch(/^evt_/);
    expect(Number.isNaN(Date.parse(String(body.occurred_at)))).toBe(false);
    expect(fake.webhookDeliveries.at(-1)).toMatchObject({ id: body.id, type: 'organization.sso_enabled', status: 204, body: delivery?.body });

    const sdk = new ScalekitClient(fake.url, CLIENT_ID, CLIENT_SECRET);
    const headers = delivery?.headers ?? {};
    expect(headers['webhook-id']).toBe(body.id);
    expect(sdk.verifyWebhookPayload(secret, headers, delivery?.body ?? '')).toBe(true);
    const tampered = (delivery?.body ?? '').replace('org_acme', 'org_evil');
    expect(() => sdk.verifyWebhookPayload(secret, headers, tampered)).toThrow();
    expect(() => sdk.verifyWebhookPayload(generateWebhookSecret(), headers, delivery?.body ?? '')).toThrow();

    // The SDK now sees the connection, too.
    const { connections } = await sdk.connection.listConnections('org_acme');
    expect(connections.map((c) => c.id)).toEqual([message.data.connection_id]);
  });

  it('sends organization.directory_enabled, and the legacy SSO_CONFIGURED message', async () => {
    const before = receiver.received.length;
    const link = await issueLink(fake, 'org_acme');
    const { session } = await openPortal(link.location);

    const dir = await act(link.location, 'configure-directory', session);
    expect(((await dir.json()) as { message: unknown }).message).toMatchObject({
      event_type: 'ORGANIZATION_DIRECTORY_ENABLED',
      organization_id: 'org_acme',
    });
    const legacy = await act(link.location, 'legacy-sso-configured', session);
    expect(((await legacy.json()) as { message: unknown }).message).toEqual({ type: 'SSO_CONFIGURED' });

    const received = await receiver.next(before + 2);
    const types = received.slice(before).map((r) => (JSON.parse(r.body) as { type: string }).type).sort();
    expect(types).toEqual(['organization.directory_enabled', 'organization.sso_enabled']);
    expect(fake.portalEvents.slice(-2).map((e) => e.eventType)).toEqual(['ORGANIZATION_DIRECTORY_ENABLED', 'SSO_CONFIGURED']);
  });

  it('offers only the feature a link was asked with: the other part is not on the screen, and its actions are refused', async () => {
    const generate = scopedPortalLinks(new ScalekitClient(fake.url, CLIENT_ID, CLIENT_SECRET));
    const before = receiver.received.length;
    const cases = [
      { scope: 'directory', heading: 'Acme Corp · Directory sync setup', offered: ['configure-directory'], refused: ['configure-sso', 'legacy-sso-configured'] },
      { scope: 'sso', heading: 'Acme Corp · Single sign-on setup', offered: ['configure-sso'], refused: ['configure-directory'] },
    ] as const;
    for (const { scope, heading, offered, refused } of cases) {
      const link = await generate('org_acme', scope);
      const { html, session } = await openPortal(link.location);
      expect(html).toContain(heading);
      for (const action of refused) {
        expect(html).not.toContain(`id="${action}"`);
        const answer = await act(link.location, action, session);
        expect(answer.status).toBe(403);
        expect(await answer.json()).toEqual({ error: 'feature_not_in_link' });
      }
      for (const action of offered) expect((await act(link.location, action, session)).status).toBe(200);
    }
    expect(fake.portalLinks.slice(-2).map((link) => link.features)).toEqual([['dir_sync'], ['sso']]);
    // Only what was done sent a webhook.
    const received = await receiver.next(before + 2);
    await fake.webhooksSettled();
    expect(received.slice(before).map((r) => (JSON.parse(r.body) as { type: string }).type).sort()).toEqual([
      'organization.directory_enabled',
      'organization.sso_enabled',
    ]);
  });

  it('ends the session on expire-session: later actions answer 410 session_expired', async () => {
    const link = await issueLink(fake, 'org_acme');
    const { session } = await openPortal(link.location);
    const warn = await act(link.location, 'session-warning', session);
    expect(((await warn.json()) as { message: unknown }).message).toMatchObject({ event_type: 'PORTAL_SESSION_WARNING' });
    const expire = await act(link.location, 'expire-session', session);
    expect(((await expire.json()) as { message: unknown }).message).toMatchObject({ event_type: 'PORTAL_SESSION_EXPIRY' });
    const after = await act(link.location, 'configure-sso', session);
    expect(after.status).toBe(410);
    expect(await after.json()).toEqual({ error: 'session_expired' });
    const failure = await act(link.location, 'load-failure', session);
    expect(((await failure.json()) as { message: unknown }).message).toEqual({
      event_type: 'PORTAL_LOAD_FAILURE',
      organization_id: 'org_acme',
      data: { error_code: 'SESSION_EXPIRED' },
    });
  });

  it('refuses actions without the session the page was given', async () => {
    const link = await issueLink(fake, 'org_acme');
    await openPortal(link.location);
    expect((await act(link.location, 'configure-sso', 'ps_forged')).status).toBe(401);
    expect((await act(link.location, 'no-such-action', 'ps_forged')).status).toBe(404);
  });

  it('records a failed delivery without breaking the portal action', async () => {
    fake.setWebhook('http://127.0.0.1:9/unreachable');
    expect(fake.webhook?.secret).toBe(secret);
    const link = await issueLink(fake, 'org_acme');
    const { session } = await openPortal(link.location);
    const res = await act(link.location, 'configure-sso', session);
    expect(res.status).toBe(200);
    await fake.webhooksSettled();
    const last = fake.webhookDeliveries.at(-1);
    expect(last?.type).toBe('organization.sso_enabled');
    expect(typeof last?.status).toBe('string');

    expect(fake.setWebhook(null)).toBeNull();
    const count = fake.webhookDeliveries.length;
    const link2 = await issueLink(fake, 'org_acme');
    const opened = await openPortal(link2.location);
    expect((await act(link2.location, 'configure-directory', opened.session)).status).toBe(200);
    await fake.webhooksSettled();
    expect(fake.webhookDeliveries.length).toBe(count);
  });
});
