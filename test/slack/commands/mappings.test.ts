import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../helpers/database.js';
import { ORGS, USERS, useTestBot } from '../../helpers/bot.js';

describe.each(databaseKinds)('/sso-portal map, unmap, orgs, through the real Bolt app, on $kind', ({ create }) => {
  const ctx = useTestBot({ create, scalekitTimeoutMs: 800, aliases: { acme: ORGS.acme.id }, resetFakes: true });

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
});
