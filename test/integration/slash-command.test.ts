import { describe, expect, it } from 'vitest';
import { asIssued } from '../helpers/fixtures.js';
import { Code } from '../../emulators/scalekit/server.js';
import { sendInteraction } from '../../emulators/slack/index.js';
import { databaseKinds, rawQuery, type TestDatabase } from '../helpers/database.js';
import {
  BOT_TOKEN,
  findLink,
  linkIdIn,
  linkIn,
  ORGS,
  PUBLIC_BASE_URL,
  SCALEKIT_CLIENT_SECRET,
  SIGNING_SECRET,
  TEAM_ID,
  USERS,
  useTestBot,
} from '../helpers/bot.js';

/** A database that fails every new row of `table`, the way a full disk or lost connection would. */
async function refuseInserts(database: TestDatabase, refuse: boolean, table: 'Link' | 'LinkEvent' = 'Link'): Promise<void> {
  const name = `refuse_${table.toLowerCase()}`;
  if (database.kind === 'sqlite') {
    await rawQuery(
      database,
      refuse ? `CREATE TRIGGER ${name} BEFORE INSERT ON "${table}" BEGIN SELECT RAISE(ABORT, 'disk is full'); END` : `DROP TRIGGER ${name}`,
    );
    return;
  }
  if (refuse) {
    await rawQuery(database, `CREATE FUNCTION ${name}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk is full'; END $$ LANGUAGE plpgsql`);
    await rawQuery(database, `CREATE TRIGGER ${name} BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  } else {
    await rawQuery(database, `DROP TRIGGER ${name} ON "${table}"`);
    await rawQuery(database, `DROP FUNCTION ${name}()`);
  }
}

describe.each(databaseKinds)('/sso-portal through the real Bolt app, on $kind', ({ create }) => {
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

  describe('who may do what', () => {
    it('refuses a stranger, and records the attempt', async () => {
      const reply = await ctx.t.command('acme', { userId: USERS.stranger.id });
      expect(reply.all).toContain("aren't allowed");
      expect(findLink(reply.all)).toBeUndefined();
      const [attempt] = await ctx.t.bot.db.links.recent({ issuerId: USERS.stranger.id, limit: 1 });
      expect(attempt).toMatchObject({ outcome: 'failed', failureReason: 'not authorized to issue' });
    });

    it('lets members of an issuer user group issue', async () => {
      const reply = await ctx.t.command('acme', { userId: USERS.groupCsm.id });
      // Not listed by id: only the group lookup lets them in.
      expect(findLink(reply.all)).toBeDefined();
    });

    it('keeps mapping commands for admins', async () => {
      for (const text of ['map x org_acme1', 'unmap acme', 'orgs']) {
        const reply = await ctx.t.command(text);
        expect(reply.all).toContain('Only admins');
      }
    });

    it('refuses requests from another workspace', async () => {
      const reply = await ctx.t.command('acme', { teamId: 'T0OTHER' });
      expect(reply.all).toContain('only serves its own workspace');
      expect(findLink(reply.all)).toBeUndefined();
    });

    it('rejects bad and stale signatures with 401', async () => {
      const bad = await ctx.t.send('acme', { signature: 'v0=deadbeef' });
      expect(bad.status).toBe(401);
      const stale = await ctx.t.send('acme', { timestamp: Math.floor(Date.now() / 1000) - 600 });
      expect(stale.status).toBe(401);
      expect(ctx.t.slack.responses).toEqual([]);
    });

    it('acknowledges clicks on link buttons', async () => {
      const click = await sendInteraction({
        appUrl: ctx.t.appUrl,
        signingSecret: SIGNING_SECRET,
        payload: {
          type: 'block_actions',
          team: { id: TEAM_ID },
          user: { id: USERS.csm.id, team_id: TEAM_ID },
          actions: [{ action_id: 'open_setup_link', type: 'button', block_id: 'b', action_ts: '1' }],
          trigger_id: '1.2.3',
          response_url: ctx.t.slack.responseUrl(),
        },
      });
      expect(click.status).toBe(200);
    });
  });

  describe('admin subcommands', () => {
    it('maps only orgs that exist in Scalekit, storing their display name', async () => {
      const missing = await ctx.t.command('map nope org_missing', { userId: USERS.admin.id });
      expect(missing.all).toContain('Scalekit has no organization');
      const viaExternal = await ctx.t.command(`map acme-ext ext:${ORGS.acme.externalId}`, { userId: USERS.admin.id });
      expect(viaExternal.all).toContain('Acme Corp');
      expect(await ctx.t.bot.db.mappings.find('acme-ext')).toMatchObject({ orgId: ORGS.acme.id, displayName: 'Acme Corp' });
    });

    it('rejects aliases that clash with subcommands', async () => {
      const reply = await ctx.t.command(`map links ${ORGS.acme.id}`, { userId: USERS.admin.id });
      expect(reply.all).toContain("can't be an alias");
    });

    it('lists and removes mappings', async () => {
      await ctx.t.command(`map temp ${ORGS.acme.id}`, { userId: USERS.admin.id });
      expect((await ctx.t.command('orgs', { userId: USERS.admin.id })).all).toContain('`temp`');
      expect((await ctx.t.command('unmap temp', { userId: USERS.admin.id })).all).toContain('no longer mapped');
      expect((await ctx.t.command('orgs', { userId: USERS.admin.id })).all).not.toContain('`temp`');
      expect((await ctx.t.command('unmap temp', { userId: USERS.admin.id })).all).toContain('No customer is mapped');
    });
  });

  describe('links and revoke', () => {
    it('lists the last links for an org with status, views and sessions', async () => {
      const { path } = linkIn((await ctx.t.command('acme --note listed')).all);
      await fetch(`${ctx.t.appUrl}${path}/session`, { method: 'POST', body: '{"firstLoad":true}' });
      const reply = await ctx.t.command('links acme');
      expect(reply.all).toContain('Last links for Acme Corp');
      expect(reply.all).toContain('active');
      expect(reply.all).toContain('1 view · 1 portal session');
      expect(reply.message.blocks?.length).toBeLessThanOrEqual(12);
    });

    it("lists the caller's own links when no org is named", async () => {
      await ctx.t.command('acme', { userId: USERS.groupCsm.id });
      const reply = await ctx.t.command('links', { userId: USERS.groupCsm.id });
      expect(reply.all).toContain('Last links you issued');
      expect(reply.all).not.toContain('Carl');
    });

    it('lets the issuer or an admin revoke; a revoked link stops working at once without calling Scalekit', async () => {
      const issued = (await ctx.t.command('acme')).all;
      const { path, id } = linkIn(issued);
      const url = `${ctx.t.appUrl}${path}`;
      expect((await ctx.t.command(`revoke ${id}`, { userId: USERS.groupCsm.id })).all).toContain('Only');
      expect((await ctx.t.command(`revoke ${id}`)).all).toContain('is revoked');
      expect((await ctx.t.command(`revoke ${id}`, { userId: USERS.admin.id })).all).toContain('already revoked');
      ctx.t.scalekit.reset();
      expect((await fetch(url)).status).toBe(410);
      expect((await fetch(`${url}/session`, { method: 'POST' })).status).toBe(410);
      expect(ctx.t.scalekit.calls).toEqual([]);
      const events = await ctx.t.bot.db.links.events(id);
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['revoked', 'refused_revoked']));
      expect((await ctx.t.command('links acme')).all).toContain('revoked');
    });

    it('revokes from the Revoke button of `links`, with the same rules', async () => {
      const { id } = linkIn((await ctx.t.command('acme --note button')).all);
      const listed = await ctx.t.command('links acme');
      const block = (listed.message.blocks as Array<{ accessory?: { action_id?: string; value?: string; confirm?: unknown } }>).find(
        (b) => b.accessory?.value === id,
      );
      expect(block?.accessory).toMatchObject({ action_id: 'revoke_link', confirm: expect.any(Object) });
      const click = async (userId: string) => {
        const responseUrl = ctx.t.slack.responseUrl();
        await sendInteraction({
          appUrl: ctx.t.appUrl,
          signingSecret: SIGNING_SECRET,
          payload: {
            type: 'block_actions',
            team: { id: TEAM_ID },
            user: { id: userId, team_id: TEAM_ID },
            actions: [{ action_id: 'revoke_link', block_id: 'b', type: 'button', value: id, action_ts: '1' }],
            trigger_id: '1.2.3',
            response_url: responseUrl,
          },
        });
        const posted = await ctx.t.slack.waitForResponse((r) => r.id === responseUrl.split('/').pop());
        return posted.body as { text: string; replace_original: boolean };
      };
      expect((await click(USERS.groupCsm.id)).text).toContain('Only');
      const revoked = await click(USERS.csm.id);
      expect(revoked).toMatchObject({ replace_original: false });
      expect(revoked.text).toContain(`\`${id}\` for *Acme Corp* is revoked`);
      expect(asIssued(await ctx.t.bot.db.links.findById(id)).revokedBy).toBe(USERS.csm.id);
    });

    it('answers unknown tokens with 404', async () => {
      expect((await fetch(`${ctx.t.appUrl}/p/not-a-token`)).status).toBe(404);
      expect((await fetch(`${ctx.t.appUrl}/p/${'A'.repeat(43)}`)).status).toBe(404);
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

  describe('help and malformed input', () => {
    it.each(['help', 'acme --bogus', 'map onlyone', 'revoke', 'acme extra words', 'guides nosuchidp'])('%s gets a usage message', async (text) => {
      const reply = await ctx.t.command(text);
      expect(reply.status).toBe(200);
      expect(reply.all).toContain('/sso-portal');
      expect(reply.all).not.toMatch(/at .*\.ts:\d+/);
    });

    it('guides lists every provider, or one', async () => {
      const all = await ctx.t.command('guides');
      expect(all.all).toContain('okta-saml');
      expect(all.all).toContain('generic-scim');
      const one = await ctx.t.command('guides entra');
      expect(one.all).toContain('azure-ad-saml');
      expect(one.all).not.toContain('okta-saml');
    });
  });

  describe('Scalekit access token', () => {
    it('is fetched once and reused across calls', async () => {
      ctx.t.scalekit.revokeTokens();
      const links = new Set<string>();
      for (let i = 0; i < 3; i++) links.add(/http:\/\/127\.0\.0\.1:\d+\/portal\/\w+/.exec((await ctx.t.command('acme --direct')).all)?.[0] ?? '');
      expect(links.size).toBe(3);
      expect(links.has('')).toBe(false);
      expect(ctx.t.scalekit.tokenRequests).toBe(1);
    });
  });

  describe('logs', () => {
    it('never contain link tokens or secrets', async () => {
      const { token, path } = linkIn((await ctx.t.command('acme --note logged')).all);
      expect((await fetch(`${ctx.t.appUrl}${path}`)).status).toBe(200);
      // A failure while serving the link is logged with the request's path: without its token.
      await refuseInserts(ctx.database, true, 'LinkEvent');
      try {
        const session = await fetch(`${ctx.t.appUrl}${path}/session`, { method: 'POST', body: '{"firstLoad":true}' });
        expect(session.status).toBe(500);
      } finally {
        await refuseInserts(ctx.database, false, 'LinkEvent');
      }
      const logs = ctx.t.logs.join('');
      expect(logs).toContain('request failed');
      expect(logs).toContain('/p/<token>/session');
      expect(logs).not.toContain(token);
      expect(logs).not.toContain(SIGNING_SECRET);
      expect(logs).not.toContain(BOT_TOKEN);
      expect(logs).not.toContain(SCALEKIT_CLIENT_SECRET);
    });
  });
});
