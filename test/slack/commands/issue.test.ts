import { describe, expect, it } from 'vitest';
import { asIssued } from '../../helpers/fixtures.js';
import { Code } from '../../../emulators/scalekit/server.js';
import { databaseKinds, rawQuery, refuseInserts } from '../../helpers/database.js';
import { findLink, linkIdIn, linkIn, ORGS, PUBLIC_BASE_URL, USERS, useTestBot } from '../../helpers/bot.js';

describe.each(databaseKinds)('/sso-portal <customer>: issuing links, through the real Bolt app, on $kind', ({ create }) => {
  const ctx = useTestBot({ create, scalekitTimeoutMs: 800, aliases: { acme: ORGS.acme.id }, resetFakes: true });

  describe('issuing a hosted link', () => {
    it('resolves an alias, records the link and replies ephemerally with link, expiry, id and guides', async () => {
      const reply = await ctx.t.command('acme');
      expect(reply.message.response_type).toBe('ephemeral');
      const { url, token, id } = linkIn(reply.all);
      expect(url).toBe(`${PUBLIC_BASE_URL}/p/${token}`);
      expect(reply.all).toContain('Acme Corp');
      expect(reply.all).toContain('in 7 days');
      expect(reply.all).toMatch(/<!date\^\d+\^/);
      expect(reply.all).toContain('https://docs.scalekit.com/guides/integrations/');
      const record = await ctx.t.bot.db.links.findById(id);
      expect(record).toMatchObject({ kind: 'hosted', outcome: 'issued', orgId: ORGS.acme.id, orgName: 'Acme Corp', issuerId: USERS.csm.id, issuerName: 'Carl CSM' });
      // Only the hash is stored.
      expect(asIssued(record).tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(record)).not.toContain(token);
      // Issuing a hosted link calls Scalekit for nothing: the page mints sessions later.
      expect(ctx.t.scalekit.calls).toEqual([]);
    });

    it('serves the page for the link, and mints a portal link only on POST /session', async () => {
      const { path } = linkIn((await ctx.t.command('acme')).all);
      const page = await fetch(`${ctx.t.appUrl}${path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Acme Corp');
      const minted = ctx.t.scalekit.portalLinks.length;
      expect(ctx.t.scalekit.calls).toEqual([]);
      const session = await fetch(`${ctx.t.appUrl}${path}/session`, { method: 'POST', body: '{"firstLoad":true}' });
      expect(session.status).toBe(200);
      const body = (await session.json()) as { location: string; expiresAt: string };
      expect(body.location).toBe(ctx.t.scalekit.portalLinks.at(-1)?.location);
      expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(ctx.t.scalekit.portalLinks.length).toBe(minted + 1);
    });

    it('honours --ttl, --idp and --note', async () => {
      const reply = await ctx.t.command('acme --ttl 3d --idp okta --note “kick-off call with Dana”');
      expect(reply.all).toContain('in 3 days');
      expect(reply.all).toContain('sso-integrations/okta-saml');
      expect(reply.all).toContain('scim-integrations/okta-scim');
      const record = await ctx.t.bot.db.links.findById(linkIn(reply.all).id);
      expect(record?.note).toBe('kick-off call with Dana');
      expect(record?.idp).toBe('okta');
      expect(asIssued(record).expiresAt.getTime() - asIssued(record).createdAt.getTime()).toBe(3 * 86_400_000);
    });

    it('refuses a --ttl outside 1h..30d', async () => {
      const reply = await ctx.t.command('acme --ttl 90d');
      expect(reply.all).toContain('between 1h and 30d');
      expect(findLink(reply.all)).toBeUndefined();
    });

    it('--post posts in the channel with unfurling off and confirms to the CSM', async () => {
      const reply = await ctx.t.command('acme --post', { channelId: 'C0CUSTOMER' });
      expect(reply.all).toContain('Posted link');
      const [post] = ctx.t.slack.callsTo('chat.postMessage');
      // Form-encoded, as Slack receives it.
      expect(post?.args).toMatchObject({ channel: 'C0CUSTOMER', unfurl_links: 'false', unfurl_media: 'false' });
      expect(findLink(JSON.stringify(post?.args.blocks))).toBeDefined();
    });

    it('--post still confirms the posted link when where it went cannot be noted, and logs why', async () => {
      const { database } = ctx;
      const refuse = database.kind === 'sqlite'
        ? ['CREATE TRIGGER refuse_post BEFORE UPDATE OF "postedTs" ON "Link" BEGIN SELECT RAISE(ABORT, \'disk is full\'); END']
        : [
            'CREATE FUNCTION refuse_post() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION \'disk is full\'; END $$ LANGUAGE plpgsql',
            'CREATE TRIGGER refuse_post BEFORE UPDATE OF "postedTs" ON "Link" FOR EACH ROW EXECUTE FUNCTION refuse_post()',
          ];
      for (const sql of refuse) await rawQuery(database, sql);
      try {
        const reply = await ctx.t.command('acme --post', { channelId: 'C0CUSTOMER' });
        expect(reply.all).toContain('Posted link');
        expect(reply.all).not.toContain('nothing was sent');
        expect(ctx.t.logs.join('')).toContain('could not note where');
      } finally {
        await rawQuery(database, database.kind === 'sqlite' ? 'DROP TRIGGER refuse_post' : 'DROP TRIGGER refuse_post ON "Link"');
        if (database.kind === 'postgresql') await rawQuery(database, 'DROP FUNCTION refuse_post()');
      }
    });

    it('--post falls back to handing the CSM the link when the bot cannot post there', async () => {
      ctx.t.slack.failNext('chat.postMessage', 'not_in_channel');
      const reply = await ctx.t.command('acme --post');
      expect(reply.all).toContain('/invite');
      expect(findLink(reply.all)).toBeDefined();
    });

    it('resolves org ids and ext: ids through Scalekit, and escapes org names', async () => {
      const byId = await ctx.t.command(`${ORGS.globex.id}`);
      expect(byId.all).toContain('Globex &lt;Intl&gt; &amp; Co');
      const byExternal = await ctx.t.command(`ext:${ORGS.acme.externalId}`);
      expect(byExternal.all).toContain('Acme Corp');
    });

    it('uses the org mapped to the channel when none is named', async () => {
      const unmapped = await ctx.t.command('', { channelId: 'C0NOWHERE' });
      expect(unmapped.all).toContain('Which customer?');
      const mapped = await ctx.t.command(`map globex ${ORGS.globex.id} --channel`, { userId: USERS.admin.id, channelId: 'C0GLOBEX' });
      expect(mapped.all).toContain('*Globex &lt;Intl&gt; &amp; Co*');
      const reply = await ctx.t.command('', { channelId: 'C0GLOBEX' });
      expect(reply.all).toContain('Globex');
      expect(findLink(reply.all)).toBeDefined();
    });
  });

  describe('issuing a direct link', () => {
    it('returns the raw single-use Scalekit link and says it must be opened within a minute', async () => {
      const reply = await ctx.t.command('acme --direct');
      const portal = ctx.t.scalekit.portalLinks.at(-1);
      expect(reply.all).toContain(portal?.location as string);
      expect(reply.all).toContain('within a minute');
      expect(reply.all).toContain('once');
      const record = await ctx.t.bot.db.links.findById(linkIdIn(reply.all));
      expect(record).toMatchObject({ kind: 'direct', outcome: 'issued', scalekitLinkId: portal?.id, tokenHash: null });
    });

    it('says so plainly when Scalekit is unavailable, and records the failed attempt', async () => {
      ctx.t.scalekit.setFailure(Code.Unavailable);
      const reply = await ctx.t.command('acme --direct --note outage-probe');
      ctx.t.scalekit.setFailure(null);
      expect(reply.all).toContain('Scalekit is not answering');
      const [attempt] = await ctx.t.bot.db.links.recent({ issuerId: USERS.csm.id, limit: 1 });
      expect(attempt).toMatchObject({ outcome: 'failed', note: 'outage-probe', kind: 'direct' });
    });

    it('says when Scalekit no longer has a mapped organization', async () => {
      const gone = { id: 'org_gone1', displayName: 'Gone Ltd', externalId: 'GONE' };
      ctx.t.scalekit.addOrg(gone);
      await ctx.t.command(`map gone ${gone.id}`, { userId: USERS.admin.id });
      ctx.t.scalekit.removeOrg(gone.id);
      const reply = await ctx.t.command('gone --direct');
      expect(reply.all).toContain('Scalekit no longer has the organization `org_gone1`');
      const [attempt] = await ctx.t.bot.db.links.recent({ orgId: gone.id, limit: 1 });
      expect(attempt).toMatchObject({ outcome: 'failed', orgName: 'Gone Ltd' });
    });

    it('says so when Scalekit cannot look an organization up', async () => {
      ctx.t.scalekit.setFailure(Code.Unavailable);
      const issued = await ctx.t.command(`${ORGS.acme.id}`);
      const mapped = await ctx.t.command(`map later ${ORGS.acme.id}`, { userId: USERS.admin.id });
      ctx.t.scalekit.setFailure(null);
      expect(issued.all).toContain('Scalekit is not answering');
      expect(mapped.all).toContain('Scalekit is not answering right now, so nothing was done');
      expect(await ctx.t.bot.db.mappings.find('later')).toBeNull();
    });

    it('gives up on a slow Scalekit instead of hanging', async () => {
      ctx.t.scalekit.setDelay(3_000);
      const reply = await ctx.t.command('acme --direct');
      ctx.t.scalekit.setDelay(0);
      expect(reply.all).toContain('Scalekit is not answering');
    });
  });

  describe('unknown customers', () => {
    it('suggests near-matching aliases and how to map one', async () => {
      const reply = await ctx.t.command('acmee');
      expect(reply.all).toContain('`acme`');
      expect(reply.all).toContain('/sso-portal map acmee');
      const [attempt] = await ctx.t.bot.db.links.recent({ issuerId: USERS.csm.id, limit: 1 });
      expect(attempt).toMatchObject({ outcome: 'failed', orgQuery: 'acmee', orgId: null });
    });

    it('says when Scalekit has no such organization', async () => {
      const reply = await ctx.t.command('org_doesnotexist');
      expect(reply.all).toContain('Scalekit has no organization');
    });
  });

  describe('a database that refuses writes', () => {
    it('shows no link and says nothing was sent', async () => {
      await refuseInserts(ctx.database, true);
      try {
        const hosted = await ctx.t.command('acme');
        expect(hosted.all).toContain('Something went wrong');
        expect(hosted.all).toContain('nothing was sent');
        expect(findLink(hosted.all)).toBeUndefined();
        const direct = await ctx.t.command('acme --direct');
        expect(direct.all).toContain('nothing was sent');
        expect(direct.all).not.toContain(ctx.t.scalekit.portalLinks.at(-1)?.location as string);
      } finally {
        await refuseInserts(ctx.database, false);
      }
    });
  });
});
