import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Code, generateWebhookSecret, webhookHeaders, type PortalAction } from '../../emulators/scalekit/server.js';
import { databaseKinds, rawQuery } from '../helpers/database.js';
import { linkIn, ORGS, USERS, useTestBot } from '../helpers/bot.js';

const eventId = () => `evt_${randomBytes(6).toString('hex')}`;

/** A Scalekit-style envelope, as the emulator sends it. */
function envelope(type: string, orgId: string = ORGS.acme.id, id = eventId()) {
  return { spec_version: '1', id, type, occurred_at: new Date().toISOString(), environment_id: 'env_fake', organization_id: orgId, data: {} };
}

describe.each(databaseKinds)('Scalekit webhooks and `status`, on $kind', ({ create }) => {
  const secret = generateWebhookSecret();
  const ctx = useTestBot({ create, scalekitTimeoutMs: 800, env: { SCALEKIT_WEBHOOK_SECRET: secret }, aliases: { acme: ORGS.acme.id } });

  beforeAll(async () => {
    // Scalekit's dashboard setting: where to send webhooks, with the secret the bot was given.
    ctx.t.scalekit.setWebhook(`${ctx.t.appUrl}/webhooks/scalekit`, secret);
    const mapped = await ctx.t.command(`map globex ${ORGS.globex.id} --channel`, { userId: USERS.admin.id, channelId: 'C0GLOBEX' });
    expect(mapped.all).toContain('This channel now defaults to it');
  });

  const postWebhook = (body: string, headers: Record<string, string>) =>
    fetch(`${ctx.t.appUrl}/webhooks/scalekit`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signed = (body: string, at?: Date) => postWebhook(body, webhookHeaders(secret, eventId(), body, at));
  const storedEvents = async () => (await rawQuery(ctx.database, 'SELECT id, "orgId", type FROM "OrgEvent" ORDER BY "receivedAt"')).length;

  /** What the customer's IT admin does: open the hosted link, let it mint a portal session, click a portal button. */
  async function clickInPortal(action: PortalAction): Promise<void> {
    const { path } = linkIn((await ctx.t.command('acme')).all);
    const session = await fetch(`${ctx.t.appUrl}${path}/session`, { method: 'POST', body: '{"firstLoad":true}' });
    const { location } = (await session.json()) as { location: string };
    expect((await fetch(location)).status).toBe(200);
    const linkId = location.split('/').pop() as string;
    const portalSession = ctx.t.scalekit.portalSessions.find((s) => s.linkId === linkId)?.id as string;
    const clicked = await fetch(`${ctx.t.scalekit.url}/portal/${linkId}/actions/${action}`, { method: 'POST', headers: { 'x-portal-session': portalSession } });
    expect(clicked.status).toBe(200);
    await ctx.t.scalekit.webhooksSettled();
  }

  it('before any setup, `status` says nothing is set up yet', async () => {
    const reply = await ctx.t.command('status globex');
    expect(reply.message.response_type).toBe('ephemeral');
    expect(reply.all).toContain('Setup status for Globex &lt;Intl&gt; &amp; Co');
    expect(reply.all).toContain('SSO is not set up yet');
    expect(reply.all).toContain('Directory sync is not set up yet');
    expect(reply.all).toContain('No webhook events received yet');
    expect(reply.all).toContain('No link sent to this customer yet');
  });

  it('stores the webhook Scalekit sends when the IT admin configures SSO, and `status` shows it all', async () => {
    await clickInPortal('configure-sso');
    const [delivery] = ctx.t.scalekit.webhookDeliveries;
    expect(delivery).toMatchObject({ type: 'organization.sso_enabled', status: 200 });
    const [event] = await ctx.t.bot.db.orgEvents.latest(ORGS.acme.id, 5);
    expect(event).toMatchObject({ id: delivery?.id, type: 'organization.sso_enabled', orgId: ORGS.acme.id });

    const reply = await ctx.t.command('status acme');
    expect(reply.all).toContain('Setup status for Acme Corp');
    expect(reply.all).toContain('SSO is set up');
    expect(reply.all).toContain('Directory sync is not set up yet');
    expect(reply.all).toMatch(/OKTA SAML · completed · :large_green_circle: enabled `conn_/);
    expect(reply.all).toContain(':white_check_mark: SSO enabled · <!date^');
    expect(reply.all).toContain('1 view · 1 portal session');
  });

  it("tells the link's issuer by direct message that the customer set up SSO, once", async () => {
    ctx.t.slack.reset();
    await clickInPortal('configure-sso');
    const notices = () => ctx.t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === USERS.csm.id);
    await expect.poll(() => notices().length).toBe(1);
    expect(String(notices()[0]?.args.text)).toBe('Acme Corp set up single sign-on');
    expect(JSON.stringify(notices()[0]?.args.blocks)).toContain('Scalekit confirmed it');
    // Scalekit redelivers the same event: still one message.
    const [delivery] = ctx.t.scalekit.webhookDeliveries.slice(-1);
    await signed(delivery?.body as string);
    expect(notices()).toHaveLength(1);
  });

  it('shows directories once the IT admin connects one', async () => {
    await clickInPortal('configure-directory');
    const reply = await ctx.t.command('status acme');
    expect(reply.all).toContain('Directory sync is set up');
    expect(reply.all).toMatch(/OKTA SCIM · completed · :large_green_circle: enabled `dir_/);
    expect(reply.all).toContain('directory sync enabled');
  });

  it('keeps one row for a redelivered event', async () => {
    const delivery = ctx.t.scalekit.webhookDeliveries.at(-1);
    const before = await storedEvents();
    const again = await postWebhook(delivery?.body as string, delivery?.headers as Record<string, string>);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'duplicate' });
    expect(await storedEvents()).toBe(before);
  });

  it('refuses a bad signature, a missing one and a stale timestamp with 401, storing nothing', async () => {
    const before = await storedEvents();
    const body = JSON.stringify(envelope('organization.sso_disabled'));
    const forged = await postWebhook(body, webhookHeaders(generateWebhookSecret(), eventId(), body));
    expect(forged.status).toBe(401);
    const tampered = webhookHeaders(secret, eventId(), body);
    expect((await postWebhook(body.replace('sso_disabled', 'sso_deleted'), tampered)).status).toBe(401);
    expect((await postWebhook(body, {})).status).toBe(401);
    expect((await signed(body, new Date(Date.now() - 10 * 60_000))).status).toBe(401);
    expect(await storedEvents()).toBe(before);
  });

  it('acknowledges other event types without storing them', async () => {
    const before = await storedEvents();
    const res = await signed(JSON.stringify(envelope('user.created')));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ignored' });
    expect(await storedEvents()).toBe(before);
  });

  it('answers 400 to a signed body that is not a setup event, and 413 to a huge one', async () => {
    const before = await storedEvents();
    expect((await signed('{not json')).status).toBe(400);
    const { organization_id: _missing, ...withoutOrg } = envelope('organization.sso_enabled');
    expect((await signed(JSON.stringify(withoutOrg))).status).toBe(400);
    expect((await signed(JSON.stringify({ ...envelope('organization.sso_enabled'), occurred_at: 'yesterday' }))).status).toBe(400);
    expect((await signed(JSON.stringify({ ...envelope('user.created'), data: 'x'.repeat(70 * 1024) }))).status).toBe(413);
    expect(await storedEvents()).toBe(before);
  });

  it('still answers with what the bot recorded when Scalekit is down', async () => {
    ctx.t.scalekit.setFailure(Code.Unavailable);
    try {
      const reply = await ctx.t.command('status acme');
      expect(reply.all).toContain('Scalekit is not answering right now');
      expect(reply.all).toContain('SSO is set up');
      expect(reply.all).toContain('(from the last webhook events)');
      expect(reply.all).toContain(':white_check_mark: SSO enabled');
      expect(reply.all).toContain('portal session');
      expect(reply.all).not.toContain('OKTA SAML');
    } finally {
      ctx.t.scalekit.setFailure(null);
    }
  });

  it("uses the channel's customer when none is named, and asks otherwise", async () => {
    expect((await ctx.t.command('status', { channelId: 'C0GLOBEX' })).all).toContain('Setup status for Globex');
    expect((await ctx.t.command('status')).all).toContain('Which customer?');
  });

  it('refuses strangers', async () => {
    const reply = await ctx.t.command('status acme', { userId: USERS.stranger.id });
    expect(reply.all).toContain("aren't allowed to see setup status");
    expect(reply.all).not.toContain('OKTA');
  });
});

describe('without SCALEKIT_WEBHOOK_SECRET', () => {
  const ctx = useTestBot();

  it('serves no webhook route', async () => {
    const body = JSON.stringify(envelope('organization.sso_enabled'));
    const res = await fetch(`${ctx.t.appUrl}/webhooks/scalekit`, { method: 'POST', headers: webhookHeaders(generateWebhookSecret(), eventId(), body), body });
    expect(res.status).toBe(404);
    expect(await ctx.t.bot.db.orgEvents.latest(ORGS.acme.id, 5)).toEqual([]);
  });
});
