import { describe, expect, it } from 'vitest';
import { databaseKinds, refuseInserts } from '../../helpers/database.js';
import { BOT_TOKEN, linkIn, ORGS, SCALEKIT_CLIENT_SECRET, SIGNING_SECRET, useTestBot } from '../../helpers/bot.js';

describe.each(databaseKinds)('/sso-portal: Scalekit access token and logs, through the real Bolt app, on $kind', ({ create }) => {
  const ctx = useTestBot({ create, scalekitTimeoutMs: 800, aliases: { acme: ORGS.acme.id }, resetFakes: true });

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
