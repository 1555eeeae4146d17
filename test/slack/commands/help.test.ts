import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../helpers/database.js';
import { ORGS, useTestBot } from '../../helpers/bot.js';

describe.each(databaseKinds)('/sso-portal help, guides and malformed input, through the real Bolt app, on $kind', ({ create }) => {
  const ctx = useTestBot({ create, scalekitTimeoutMs: 800, aliases: { acme: ORGS.acme.id }, resetFakes: true });

  describe('help and malformed input', () => {
    it.each(['help', 'acme --bogus', 'map onlyone', 'revoke', 'extend', 'replace L-1 --post', 'acme extra words', 'guides nosuchidp'])('%s gets a usage message', async (text) => {
      const reply = await ctx.t.command(text);
      expect(reply.status).toBe(200);
      expect(reply.all).toContain('/sso-portal');
      expect(reply.all).not.toMatch(/at .*\.ts:\d+/);
    });

    it('help names the flags that limit what a link sets up', async () => {
      const reply = await ctx.t.command('help');
      expect(reply.all).toContain('`--sso` single sign-on only · `--scim` directory sync only');
    });

    it('help names extend and replace', async () => {
      const help = await ctx.t.command('help');
      expect(help.all).toContain('/sso-portal extend &lt;link-id&gt; [--ttl 7d]');
      expect(help.all).toContain('/sso-portal replace &lt;link-id&gt;');
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
});
