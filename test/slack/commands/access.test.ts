import { describe, expect, it } from 'vitest';
import { sendInteraction } from '../../../emulators/slack/index.js';
import { databaseKinds } from '../../helpers/database.js';
import { findLink, ORGS, SIGNING_SECRET, TEAM_ID, USERS, useTestBot } from '../../helpers/bot.js';

describe.each(databaseKinds)('/sso-portal: who may do what, through the real Bolt app, on $kind', ({ create }) => {
  const ctx = useTestBot({ create, scalekitTimeoutMs: 800, aliases: { acme: ORGS.acme.id }, resetFakes: true });

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
});
