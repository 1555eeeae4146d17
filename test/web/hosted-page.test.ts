import { unescape } from 'html-escaper';
import { beforeAll, describe, expect, it } from 'vitest';
import { Code } from '../../emulators/scalekit/server.js';
import { meaningOf, PAGE_EVENT_NAMES, partCompletedBy } from '../../src/core/links/events.js';
import { linkIn, ORGS, USERS, useTestBot } from '../helpers/bot.js';

const XSS_ORG = { id: 'org_xss1', displayName: '<script>alert(1)</script>', externalId: 'XSS' };

let clockOffsetMs = 0;
let client = 0;

const ctx = useTestBot({
  now: () => new Date(Date.now() + clockOffsetMs),
  env: {
    TRUST_PROXY: 'true',
    BRAND_NAME: 'Acme SaaS',
    BRAND_LOGO_URL: 'https://cdn.acme-saas.example/logo.svg',
    BRAND_ACCENT_COLOR: '#aa3355',
  },
  aliases: { acme: ORGS.acme.id },
});

beforeAll(async () => {
  ctx.t.scalekit.addOrg(XSS_ORG);
  const mapped = await ctx.t.command(`map xss ${XSS_ORG.id}`, { userId: USERS.admin.id });
  expect(mapped.all).toContain(XSS_ORG.id);
});

/** Each test speaks from its own client address, so per-client limits stay per test. */
function newClient() {
  client += 1;
  const headers = { 'x-forwarded-for': `203.0.113.${client}` };
  return {
    get: (path: string) => fetch(`${ctx.t.appUrl}${path}`, { headers }),
    post: (path: string, body: string) => fetch(`${ctx.t.appUrl}${path}`, { method: 'POST', headers, body }),
  };
}

/** Issues a hosted link as the CSM: its path on the bot and its id. */
const issue = async (text = 'acme') => linkIn((await ctx.t.command(text)).all);

describe('GET /p/<token>', () => {
  it('serves the page shell and spends nothing: no Scalekit call, no view, no session', async () => {
    const { path, id } = await issue('acme --idp okta');
    ctx.t.scalekit.reset();
    const res = await newClient().get(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Set up single sign-on for Acme Corp');
    expect(html).toContain('Carl CSM sent you this page');
    expect(html).toMatch(/<iframe id="portal"[^>]*allow="clipboard-write"/);
    expect(html).toContain('<script src="/assets/hosted-page.js" defer></script>');
    expect(html).toContain('sso-integrations/okta-saml');
    expect(ctx.t.scalekit.calls).toEqual([]);
    const [summary] = await ctx.t.bot.db.links.recent({ orgId: ORGS.acme.id, limit: 1 });
    expect(summary).toMatchObject({ id, views: 0, sessions: 0 });
  });

  it("tells its script which portal events to relay, from the core's events table", async () => {
    const html = await (await newClient().get((await issue()).path)).text();
    const attribute = /data-portal-events="([^"]*)"/.exec(html)?.[1] ?? '';
    const relayed = JSON.parse(unescape(attribute)) as Record<string, { kind: string }>;
    expect(Object.keys(relayed).sort()).toEqual([...PAGE_EVENT_NAMES].sort());
    for (const [name, banner] of Object.entries(relayed)) {
      const key = meaningOf('page', name);
      expect(banner.kind).toBe(key && partCompletedBy(key) ? 'success' : 'warning');
    }
  });

  it('speaks of the parts the link sets up only: heading, guides and banners', async () => {
    const banners = (html: string) => JSON.parse(unescape(/data-portal-events="([^"]*)"/.exec(html)?.[1] ?? '')) as Record<string, { text: string }>;
    const whole = await (await newClient().get((await issue('acme --idp okta')).path)).text();
    expect(banners(whole).ORGANIZATION_SSO_ENABLED?.text).toContain('set up user provisioning below');
    const ssoOnly = await (await newClient().get((await issue('acme --sso --idp okta')).path)).text();
    expect(ssoOnly).toContain('Set up single sign-on for Acme Corp');
    // The banners of every portal event ride along in an attribute; what the page says is the rest.
    expect(ssoOnly.replace(/data-portal-events="[^"]*"/, '')).not.toContain('provisioning');
    expect(ssoOnly).toContain('sso-integrations/okta-saml');
    expect(ssoOnly).not.toContain('scim-integrations/');
    expect(banners(ssoOnly).ORGANIZATION_SSO_ENABLED?.text).toBe('Single sign-on is enabled. You can close this page.');
  });

  it('sends the security headers', async () => {
    const { path } = await issue();
    const res = await newClient().get(path);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-src ${new URL(ctx.t.scalekit.url).origin}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('img-src \'self\' https://cdn.acme-saas.example');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('escapes everything it shows', async () => {
    const { path } = await issue('xss');
    const html = await (await newClient().get(path)).text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
  });

  it('wears the brand', async () => {
    const { path } = await issue();
    const html = await (await newClient().get(path)).text();
    expect(html).toContain('<span class="brand-name">Acme SaaS</span>');
    expect(html).toContain('src="https://cdn.acme-saas.example/logo.svg"');
    expect(html).toContain('--accent: #aa3355');
  });

  it('serves its script and stylesheet', async () => {
    const http = newClient();
    const script = await http.get('/assets/hosted-page.js');
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('PORTAL_SESSION_EXPIRY');
    expect((await http.get('/assets/hosted-page.css')).status).toBe(200);
    expect((await http.get('/assets/nope.js')).status).toBe(404);
  });
});

describe('dead links', () => {
  it('answers an expired link with 410, audits the refusal, and calls no Scalekit', async () => {
    const { path, id } = await issue('acme --ttl 1h');
    clockOffsetMs = 2 * 3_600_000;
    try {
      ctx.t.scalekit.reset();
      const http = newClient();
      const res = await http.get(path);
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('This setup link has expired');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect((await http.post(`${path}/session`, '{"firstLoad":true}')).status).toBe(410);
      expect(ctx.t.scalekit.calls).toEqual([]);
      expect((await ctx.t.bot.db.links.events(id)).map((e) => e.type)).toEqual(['refused_expired', 'refused_expired']);
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('answers unknown tokens with a friendly 404', async () => {
    const res = await newClient().get(`/p/${'x'.repeat(43)}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('ask your contact for a new link');
  });
});

describe('POST /p/<token>/session', () => {
  it('mints a fresh single-use link on every call, never cached; counts one view per page load', async () => {
    const { path, id } = await issue();
    const http = newClient();
    const first = await http.post(`${path}/session`, '{"firstLoad":true}');
    const renewal = await http.post(`${path}/session`, '{"firstLoad":false}');
    expect(first.headers.get('cache-control')).toBe('no-store');
    const a = (await first.json()) as { location: string };
    const b = (await renewal.json()) as { location: string };
    expect(a.location).not.toBe(b.location);
    const [summary] = await ctx.t.bot.db.links.recent({ orgId: ORGS.acme.id, limit: 1 });
    expect(summary).toMatchObject({ id, views: 1, sessions: 2 });
  });

  it('answers 503 when Scalekit fails, records it, and the bot stays healthy', async () => {
    const { path, id } = await issue();
    ctx.t.scalekit.setFailure(Code.Internal);
    try {
      const res = await newClient().post(`${path}/session`, '{"firstLoad":true}');
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'scalekit_unavailable' });
    } finally {
      ctx.t.scalekit.setFailure(null);
    }
    expect((await fetch(`${ctx.t.appUrl}/healthz`)).status).toBe(200);
    expect((await ctx.t.bot.db.links.events(id)).map((e) => e.type)).toContain('session_failed');
  });
});

describe('POST /p/<token>/events', () => {
  it('records known portal events in the audit trail, as reported by the page', async () => {
    const { path, id } = await issue();
    const res = await newClient().post(`${path}/events`, '{"event":"ORGANIZATION_SSO_ENABLED"}');
    expect(res.status).toBe(204);
    const events = await ctx.t.bot.db.links.events(id);
    expect(events[0]).toEqual(expect.objectContaining({ type: 'portal_event', detail: 'ORGANIZATION_SSO_ENABLED', actor: 'page' }));
  });

  it('tells the issuer once per part of the setup, as reported by the page', async () => {
    const { path, id } = await issue();
    ctx.t.slack.reset();
    const http = newClient();
    for (const event of ['ORGANIZATION_SSO_ENABLED', 'SSO_CONFIGURED', 'ORGANIZATION_DIRECTORY_ENABLED', 'ORGANIZATION_SSO_DISABLED']) {
      expect((await http.post(`${path}/events`, JSON.stringify({ event }))).status).toBe(204);
    }
    const notices = ctx.t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === USERS.csm.id);
    expect(notices.map((call) => call.args.text)).toEqual(['Acme Corp set up single sign-on', 'Acme Corp set up directory sync (SCIM)']);
    expect(JSON.stringify(notices[0]?.args.blocks)).toContain('reported by the setup page');
    expect(JSON.stringify(notices[0]?.args.blocks)).toContain(id);
    const notified = (await ctx.t.bot.db.links.events(id)).filter((e) => e.type === 'issuer_notified').map((e) => e.detail);
    expect(notified).toEqual(['sso', 'directory']);
  });

  it('records the report even when the message to the issuer cannot be sent', async () => {
    const { path, id } = await issue();
    ctx.t.slack.failNext('chat.postMessage', 'channel_not_found');
    expect((await newClient().post(`${path}/events`, '{"event":"ORGANIZATION_SSO_ENABLED"}')).status).toBe(204);
    expect((await ctx.t.bot.db.links.events(id)).map((e) => e.type)).toEqual(['portal_event', 'issuer_notified']);
  });

  it('refuses unknown events, oversized bodies and dead tokens', async () => {
    const { path } = await issue();
    const http = newClient();
    expect((await http.post(`${path}/events`, '{"event":"DROP TABLE"}')).status).toBe(400);
    expect((await http.post(`${path}/events`, 'not json')).status).toBe(400);
    expect((await http.post(`${path}/events`, JSON.stringify({ event: 'SSO_CONFIGURED', pad: 'x'.repeat(5000) }))).status).toBe(413);
    expect((await http.post(`/p/${'y'.repeat(43)}/events`, '{"event":"SSO_CONFIGURED"}')).status).toBe(404);
  });
});

describe('abuse limits', () => {
  it('limits unknown-token guesses per client, with Retry-After', async () => {
    const http = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await http.get(`/p/${String(i).padStart(43, 'z')}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    const limited = await http.get(`/p/${'q'.repeat(43)}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client is not affected.
    expect((await newClient().get(`/p/${'q'.repeat(43)}`)).status).toBe(404);
  });

  it('behind a proxy, keys the limit on the address the proxy appended, not a forged one', async () => {
    const forged = (i: number) => ({ 'x-forwarded-for': `10.0.${i}.1, 198.51.100.77` });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await fetch(`${ctx.t.appUrl}/p/${'f'.repeat(43)}`, { headers: forged(i) })).status);
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('limits portal sessions per token', async () => {
    const { path } = await issue();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await newClient().post(`${path}/session`, '{}')).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('lets a live link through from an address whose guesses are refused, and limits it per token', async () => {
    const { path, id } = await issue();
    const office = newClient();
    // More guesses than any budget of the address holds, mostly where sessions are minted.
    const guessed: number[] = [];
    for (let i = 0; i < 90; i++) {
      const guess = `/p/${String(i).padStart(43, 'g')}`;
      guessed.push((await (i % 3 ? office.post(`${guess}/session`, '{}') : office.get(guess))).status);
    }
    expect(guessed.slice(0, 20)).toEqual(Array(20).fill(404));
    expect(guessed.slice(20)).toEqual(Array(70).fill(429));
    // The guesser is still refused, the admin behind the same address is not.
    expect((await office.get(`/p/${'h'.repeat(43)}`)).status).toBe(429);
    expect((await office.get(path)).status).toBe(200);
    const sessions: number[] = [];
    for (let i = 0; i < 21; i++) sessions.push((await office.post(`${path}/session`, i ? '{}' : '{"firstLoad":true}')).status);
    expect(sessions.slice(0, 20)).toEqual(Array(20).fill(200));
    // Past its own budget, the link is limited, whoever asks.
    expect(sessions[20]).toBe(429);
    expect((await newClient().post(`${path}/session`, '{}')).status).toBe(429);
    expect((await office.post(`${path}/events`, '{"event":"SSO_CONFIGURED"}')).status).toBe(204);
    const [summary] = (await ctx.t.bot.db.links.recent({ orgId: ORGS.acme.id, limit: 1 })).filter((link) => link.id === id);
    expect(summary).toMatchObject({ id, views: 1, sessions: 20 });
  });

  it('counts reports for a revoked link against the address', async () => {
    const { path, id } = await issue();
    expect((await ctx.t.command(`revoke ${id}`)).all).toContain('revoked');
    const http = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await http.post(`${path}/events`, '{"event":"SSO_CONFIGURED"}')).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(410));
    expect(statuses[20]).toBe(429);
    expect((await newClient().post(`${path}/events`, '{"event":"SSO_CONFIGURED"}')).status).toBe(410);
    // Each refusal answered is audited; the ones answered 429 add nothing to the trail.
    expect((await ctx.t.bot.db.links.events(id)).filter(({ type }) => type === 'refused_revoked')).toHaveLength(21);
  });

  it('limits relayed events per token', async () => {
    const { path } = await issue();
    const http = newClient();
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await http.post(`${path}/events`, '{"event":"SSO_CONFIGURED"}')).status;
    expect(last).toBe(429);
  });
});

describe('a cap on portal sessions per link', () => {
  const capped = useTestBot({ env: { LINK_MAX_SESSIONS: '2' }, aliases: { acme: ORGS.acme.id } });

  it('refuses more sessions than LINK_MAX_SESSIONS allows', async () => {
    const { path } = linkIn((await capped.t.command('acme')).all);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${capped.t.appUrl}${path}/session`, { method: 'POST' })).status);
    expect(statuses).toEqual([200, 200, 410]);
    const page = await fetch(`${capped.t.appUrl}${path}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('used as many times as it allows');
    // links and the page agree: the link is used up, not active.
    const listed = await capped.t.command('links acme');
    expect(listed.all).toContain(':no_entry_sign: used up');
    expect(listed.all).not.toContain(':large_green_circle: active');
  });
});
