import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../helpers/database.js';
import { asIssued } from '../../helpers/fixtures.js';
import { linkIn, ORGS, PUBLIC_BASE_URL, USERS, useTestBot } from '../../helpers/bot.js';
import { buttonIn } from '../../helpers/buttons.js';

const DAY = 86_400_000;

describe.each(databaseKinds)('/sso-portal extend and replace, through the real Bolt app, on $kind', ({ create }) => {
  const ctx = useTestBot({ create, aliases: { acme: ORGS.acme.id }, resetFakes: true });

  const issue = async () => linkIn((await ctx.t.command('acme --idp okta --ttl 1d')).all);
  const stored = async (id: string) => asIssued(await ctx.t.bot.db.links.findById(id));

  it('extend: answers with the new expiry, takes --ttl, and refuses anyone but the issuer or an admin', async () => {
    const { id } = await issue();
    expect((await ctx.t.command(`extend ${id}`, { userId: USERS.groupCsm.id })).all).toContain('or an admin can extend it');
    const extended = await ctx.t.command(`extend ${id} --ttl 10d`);
    expect(extended.all).toContain(`\`${id}\` for *Acme Corp* now works until`);
    expect(extended.all).toContain('(in 10 days)');
    expect((await stored(id)).expiresAt.getTime() - Date.now()).toBeGreaterThan(10 * DAY - 60_000);
    expect((await ctx.t.command('links acme')).all).toMatch(new RegExp(`\`${id}\` \\*Acme Corp\\* · hosted · SSO \\+ SCIM · :large_green_circle: active · until <!date\\^`));
    const capped = await ctx.t.command(`extend ${id} --ttl 30d`, { userId: USERS.admin.id });
    expect(capped.all).toContain('as long as it may: 30 days after it was issued');
    expect((await ctx.t.command(`extend ${id}`)).all).toContain('already works as long as it may');
    expect((await ctx.t.command('extend L-nope')).all).toContain('There is no issued link `L-nope`.');
  });

  it('replace: the reply carries the fresh link; the old page says it was replaced, and `links` names the replacement', async () => {
    const old = await issue();
    const reply = await ctx.t.command(`replace ${old.id}`);
    const freshId = (await stored(old.id)).replacedBy;
    expect(reply.all).toContain(`Replaces \`${old.id}\` (replaced by <@${USERS.csm.id}>)`);
    expect(reply.all).toContain(`Link \`${freshId}\``);
    const fresh = { ...linkIn(reply.all), id: freshId ?? '' };
    expect(fresh.url.startsWith(`${PUBLIC_BASE_URL}/p/`)).toBe(true);
    expect(fresh.url).not.toBe(old.url);
    // The reply is the one place besides the link message that has the fresh address: it can be copied.
    expect(buttonIn(reply.message, 'link_message_copy').value).toBe(`${fresh.id} ${fresh.url}`);
    expect(await stored(fresh.id)).toMatchObject({ issuerId: USERS.csm.id, idp: 'okta', orgId: ORGS.acme.id });

    const oldPage = await fetch(`${ctx.t.appUrl}${old.path}`);
    expect(oldPage.status).toBe(410);
    expect(await oldPage.text()).toContain('This setup link has been replaced by a newer one.');
    expect((await fetch(`${ctx.t.appUrl}${fresh.path}`)).status).toBe(200);
    expect((await ctx.t.command('links acme')).all).toContain(`\`${old.id}\` *Acme Corp* · hosted · SSO + SCIM · :recycle: replaced by \`${freshId}\``);

    expect((await ctx.t.command(`replace ${old.id}`)).all).toContain(`\`${old.id}\` was replaced by \`${freshId}\`: use that one.`);
    expect((await ctx.t.command(`replace ${fresh.id}`, { userId: USERS.stranger.id })).all).toContain('or an admin can replace it');
  });
});
