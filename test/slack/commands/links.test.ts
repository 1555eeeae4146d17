import { describe, expect, it } from 'vitest';
import { asIssued } from '../../helpers/fixtures.js';
import { databaseKinds } from '../../helpers/database.js';
import { linkIn, ORGS, USERS, useTestBot } from '../../helpers/bot.js';
import { buttonIn, press } from '../../helpers/buttons.js';

describe.each(databaseKinds)('/sso-portal links and revoke, through the real Bolt app, on $kind', ({ create }) => {
  const ctx = useTestBot({ create, scalekitTimeoutMs: 800, aliases: { acme: ORGS.acme.id }, resetFakes: true });

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
      expect(buttonIn(listed.message, 'revoke_link', id)).toMatchObject({ action_id: 'revoke_link', value: id, confirm: expect.any(Object) });
      const click = (userId: string) => press(ctx.t, buttonIn(listed.message, 'revoke_link', id), userId);
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
});
