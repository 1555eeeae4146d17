import { Feature } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { describe, expect, it } from 'vitest';
import { linkIdIn, linkIn, messageText, ORGS, USERS, useTestBot } from '../../helpers/bot.js';

describe('/sso-portal <customer> --sso | --scim: what the portal offers, through the real Bolt app and the Scalekit emulator', () => {
  const ctx = useTestBot({ scalekitTimeoutMs: 800, aliases: { acme: ORGS.acme.id }, resetFakes: true });

  /** What the bot asked Scalekit for each portal link, in order. */
  const portalRequests = () => ctx.t.scalekit.calls.filter((call) => call.method === 'GeneratePortalLink').map((call) => call.request);

  /** Mints `count` sessions through the hosted page, as its script does, and opens each portal: what each offers. */
  async function openSessions(path: string, count: number): Promise<string[][]> {
    const offered: string[][] = [];
    for (let i = 0; i < count; i++) {
      const session = await fetch(`${ctx.t.appUrl}${path}/session`, { method: 'POST', body: JSON.stringify({ firstLoad: i === 0 }) });
      expect(session.status).toBe(200);
      const { location } = (await session.json()) as { location: string };
      const portal = await (await fetch(location)).text();
      offered.push(['configure-sso', 'configure-directory'].filter((action) => portal.includes(`id="${action}"`)));
    }
    return offered;
  }

  it('--scim: every session the hosted page mints asks Scalekit for directory sync alone', async () => {
    const reply = await ctx.t.command('acme --scim --idp okta');
    const { path, id } = linkIn(reply.all);
    expect(reply.all).toContain('Directory sync (SCIM) setup for Acme Corp');
    expect(reply.all).toContain('SCIM only');
    expect(reply.all).toContain('scim-integrations/okta-scim');
    expect(reply.all).not.toContain('sso-integrations/');
    expect(await ctx.t.bot.db.links.findById(id)).toMatchObject({ kind: 'hosted', scope: 'directory' });
    // Issuing asks Scalekit nothing; the page does, on each load and renewal.
    expect(portalRequests()).toEqual([]);

    const page = await (await fetch(`${ctx.t.appUrl}${path}`)).text();
    expect(page).toContain('Set up user provisioning for Acme Corp');
    expect(page).toContain('scim-integrations/okta-scim');
    expect(page).not.toContain('sso-integrations/');
    expect(await openSessions(path, 3)).toEqual(Array(3).fill(['configure-directory']));
    expect(portalRequests()).toEqual(Array(3).fill({ id: ORGS.acme.id, features: [Feature.dir_sync] }));
    expect(ctx.t.scalekit.portalLinks.slice(-3).map((link) => link.features)).toEqual(Array(3).fill(['dir_sync']));
  });

  it('--scim --direct: the single-use link offers directory sync alone', async () => {
    const reply = await ctx.t.command('acme --scim --direct');
    const id = linkIdIn(reply.all);
    const portal = ctx.t.scalekit.portalLinks.at(-1);
    expect(reply.all).toContain(portal?.location as string);
    expect(reply.all).toContain('Single-use Directory sync (SCIM) setup link for Acme Corp');
    expect(portalRequests()).toEqual([{ id: ORGS.acme.id, features: [Feature.dir_sync] }]);
    expect(portal?.features).toEqual(['dir_sync']);
    expect(await ctx.t.bot.db.links.findById(id)).toMatchObject({ kind: 'direct', scope: 'directory', scalekitLinkId: portal?.id });
  });

  it('--sso: single sign-on alone, on the page and on a direct link', async () => {
    const hosted = await ctx.t.command('acme --sso');
    expect(hosted.all).toContain('SSO setup for Acme Corp');
    expect(hosted.all).toContain('SSO only');
    expect(hosted.all).not.toContain('scim-integrations/');
    expect(await openSessions(linkIn(hosted.all).path, 2)).toEqual(Array(2).fill(['configure-sso']));
    await ctx.t.command('acme --direct --sso');
    expect(portalRequests()).toEqual(Array(3).fill({ id: ORGS.acme.id, features: [Feature.sso] }));
  });

  it('neither flag, or both: the whole portal, asked for with no features', async () => {
    for (const text of ['acme', 'acme --sso --scim']) {
      const reply = await ctx.t.command(text);
      expect(reply.all).toContain('SSO & SCIM setup for Acme Corp');
      const { path, id } = linkIn(reply.all);
      expect(await ctx.t.bot.db.links.findById(id)).toMatchObject({ scope: 'all' });
      expect(await openSessions(path, 1)).toEqual([['configure-sso', 'configure-directory']]);
    }
    expect(portalRequests()).toEqual(Array(2).fill({ id: ORGS.acme.id, features: [] }));
  });

  it('shows what each link sets up in `links` and in the last link of `status`', async () => {
    const { id } = linkIn((await ctx.t.command('acme --scim --note scoped')).all);
    const links = await ctx.t.command('links acme');
    expect(links.all).toMatch(new RegExp(`${id}\`.*· hosted · SCIM only ·`));
    const status = await ctx.t.command('status acme');
    expect(status.all).toMatch(new RegExp(`Last link\\*\\n\`${id}\`.*· hosted · SCIM only ·`));
  });

  it('tells the issuer when a part the link offered is set up, and not of one it did not offer', async () => {
    const { path, id } = linkIn((await ctx.t.command('acme --sso')).all);
    const report = (event: string) => fetch(`${ctx.t.appUrl}${path}/events`, { method: 'POST', body: JSON.stringify({ event }) });
    expect((await report('ORGANIZATION_DIRECTORY_ENABLED')).status).toBe(204);
    expect((await report('ORGANIZATION_SSO_ENABLED')).status).toBe(204);
    // Delivered from the outbox, a moment after the report was answered.
    const told = () => ctx.t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === USERS.csm.id);
    await expect.poll(() => told().length).toBe(1);
    expect(told().map((call) => messageText(call.args as { text?: string; blocks?: unknown[] }))).toEqual([
      expect.stringContaining('Acme Corp set up single sign-on'),
    ]);
    expect((await ctx.t.bot.db.links.events(id)).map((event) => [event.type, event.detail])).toEqual([
      ['portal_event', 'ORGANIZATION_DIRECTORY_ENABLED'],
      ['portal_event', 'ORGANIZATION_SSO_ENABLED'],
      ['issuer_notified', 'sso'],
    ]);
  });
});
