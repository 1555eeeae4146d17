// Extend, Replace, Revoke and Copy for the customer: on the link message (answered in place) and
// in `links` (answered apart), each pressed by the link's issuer, an admin and a stranger.
import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../helpers/database.js';
import { asIssued } from '../../helpers/fixtures.js';
import { findLink, linkIn, ORGS, USERS, useTestBot } from '../../helpers/bot.js';
import { buttonIn, buttonsOf, press } from '../../helpers/buttons.js';

const DAY = 86_400_000;
const MESSAGE = { copy: 'link_message_copy', extend: 'link_message_extend', replace: 'link_message_replace', revoke: 'link_message_revoke' };
const LIST = { extend: 'extend_link', replace: 'replace_link', revoke: 'revoke_link' };
const { csm: issuer, admin, stranger } = USERS;

describe.each(databaseKinds)('buttons on a link, through the real Bolt app, on $kind', ({ create }) => {
  const ctx = useTestBot({ create, aliases: { acme: ORGS.acme.id }, resetFakes: true });

  /** A hosted link for Acme issued by the CSM: the reply, and the link's address, path, token and id. */
  const issue = async (options = '--idp okta --ttl 1d') => {
    const reply = await ctx.t.command(`acme ${options}`);
    return { message: reply.message, ...linkIn(reply.all) };
  };
  const stored = async (id: string) => asIssued(await ctx.t.bot.db.links.findById(id));
  const actors = async (id: string, type: string) => (await ctx.t.bot.db.links.events(id)).filter((e) => e.type === type).map((e) => e.actor);
  const page = (path: string) => fetch(`${ctx.t.appUrl}${path}`);
  /** The link that replaced `oldId`, as the answer shows it (its address, path, token), with its id from the record. */
  const freshIn = async (answer: string, oldId: string) => {
    const id = (await stored(oldId)).replacedBy;
    if (!id || !answer.includes(`Link \`${id}\``)) throw new Error(`no link replacing ${oldId} in: ${answer}`);
    return { ...linkIn(answer), id };
  };

  it('puts Copy, Extend, Replace and Revoke on a hosted link message, the address only where it is shown again, none on a direct link', async () => {
    const { message, id, url } = await issue();
    const buttons = buttonsOf(message).filter((b) => b.action_id !== 'open_setup_link');
    expect(buttons.map((b) => [b.text.text, b.action_id, b.value])).toEqual([
      ['Copy for the customer', MESSAGE.copy, `${id} ${url}`],
      ['Extend', MESSAGE.extend, `${id} ${url}`],
      ['Replace', MESSAGE.replace, id],
      ['Revoke', MESSAGE.revoke, id],
    ]);
    expect(buttons.filter((b) => b.confirm).map((b) => b.action_id)).toEqual([MESSAGE.replace, MESSAGE.revoke]);
    const direct = await ctx.t.command('acme --direct');
    expect(buttonsOf(direct.message).map((b) => b.action_id)).toEqual(['open_setup_link']);
  });

  describe('Copy for the customer', () => {
    it('gives the issuer, and an admin, a text to paste that only they see', async () => {
      const { message, id, url } = await issue();
      for (const userId of [issuer.id, admin.id]) {
        const copy = await press(ctx.t, buttonIn(message, MESSAGE.copy), userId);
        expect(copy).toMatchObject({ response_type: 'ephemeral', replace_original: false });
        expect(copy.all).toContain('Only you see this');
        expect(copy.all).toContain(`Hello,\n\nTo set up single sign-on (SSO) for ${ORGS.acme.displayName}`);
        expect(copy.all).toContain(`\n${url}\n`);
        expect(copy.all).toMatch(/The page works until \w+ \d+, \d{4} at \d+:\d\d [AP]M UTC\./);
        expect(copy.all).toContain('- Okta SAML: https://docs.scalekit.com/guides/integrations/sso-integrations/okta-saml');
        expect(copy.all).toContain('- Okta SCIM: https://docs.scalekit.com/guides/integrations/scim-integrations/okta-scim');
      }
      expect(await actors(id, 'copied')).toEqual([issuer.id, admin.id]);
    });

    it('refuses a stranger, who gets no address', async () => {
      const { message, id, url } = await issue();
      const refused = await press(ctx.t, buttonIn(message, MESSAGE.copy), stranger.id);
      expect(refused).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(refused.all).toContain(`Only <@${issuer.id}>, who issued \`${id}\`, or an admin can copy it for the customer.`);
      expect(refused.all).not.toContain(url);
      expect(await actors(id, 'copied')).toEqual([]);
    });

    it('refuses an address the link does not have, and shows none', async () => {
      const { id, token } = await issue();
      const other = await issue();
      for (const forged of [`${id} http://evil.test/p/${token}`, `${id} ${other.url}`, id]) {
        const refused = await press(ctx.t, { action_id: MESSAGE.copy, value: forged }, issuer.id);
        expect(refused.all).toContain(`That button no longer matches \`${id}\``);
        expect(findLink(refused.all)).toBeUndefined();
        expect(refused.all).not.toContain('evil.test');
      }
    });
  });

  describe('Extend on the link message', () => {
    it('refuses a stranger and leaves the message; its issuer, or an admin, extends it in place', async () => {
      for (const userId of [issuer.id, admin.id]) {
        const { message, id, url } = await issue();
        const before = (await stored(id)).expiresAt;
        const refused = await press(ctx.t, buttonIn(message, MESSAGE.extend), stranger.id);
        expect(refused).toMatchObject({ replace_original: false });
        expect(refused.all).toContain('or an admin can extend it');
        expect((await stored(id)).expiresAt).toEqual(before);

        const extended = await press(ctx.t, buttonIn(message, MESSAGE.extend), userId);
        expect(extended.replace_original).toBe(true);
        expect(extended.all).toContain(`Extended by <@${userId}>: now works until`);
        expect(linkIn(extended.all)).toMatchObject({ id, url });
        expect(buttonIn(extended, MESSAGE.copy).value).toBe(`${id} ${url}`);
        const after = (await stored(id)).expiresAt;
        expect(after.getTime() - Date.now()).toBeGreaterThan(7 * DAY - 60_000);
        expect(await actors(id, 'extended')).toEqual([userId]);
      }
    });
  });

  describe('Replace on the link message', () => {
    it('refuses a stranger; its issuer, or an admin, gets a fresh link in place, and the old page says it was replaced', async () => {
      for (const userId of [issuer.id, admin.id]) {
        const old = await issue('--idp okta --note "for Dana"');
        expect((await press(ctx.t, buttonIn(old.message, MESSAGE.replace), stranger.id)).all).toContain('or an admin can replace it');
        expect((await stored(old.id)).revokedAt).toBeNull();

        const replaced = await press(ctx.t, buttonIn(old.message, MESSAGE.replace), userId);
        expect(replaced.replace_original).toBe(true);
        expect(replaced.all).toContain(`Replaces \`${old.id}\` (replaced by <@${userId}>)`);
        const fresh = await freshIn(replaced.all, old.id);
        expect(fresh.url).not.toBe(old.url);
        expect(replaced.all).toContain('for Dana');
        expect(buttonIn(replaced, MESSAGE.copy).value).toBe(`${fresh.id} ${fresh.url}`);
        expect(await stored(old.id)).toMatchObject({ replacedBy: fresh.id, revokedBy: userId });
        expect(await stored(fresh.id)).toMatchObject({ issuerId: issuer.id, idp: 'okta', note: 'for Dana', orgId: ORGS.acme.id });

        const oldPage = await page(old.path);
        expect(oldPage.status).toBe(410);
        expect(await oldPage.text()).toContain('This setup link has been replaced by a newer one.');
        const session = await fetch(`${ctx.t.appUrl}${old.path}/session`, { method: 'POST', body: '{"firstLoad":true}' });
        expect(session.status).toBe(410);
        expect(await session.json()).toEqual({ error: 'replaced' });
        expect((await page(fresh.path)).status).toBe(200);
      }
    });
  });

  describe('Revoke on the link message', () => {
    it('refuses a stranger; an admin revokes it in place; its issuer then hears it is already revoked', async () => {
      const { message, id, path } = await issue();
      expect((await press(ctx.t, buttonIn(message, MESSAGE.revoke), stranger.id)).all).toContain('or an admin can revoke it');
      expect((await page(path)).status).toBe(200);
      const revoked = await press(ctx.t, buttonIn(message, MESSAGE.revoke), admin.id);
      expect(revoked.replace_original).toBe(true);
      expect(revoked.all).toContain(`\`${id}\` for *Acme Corp* is revoked`);
      expect(findLink(revoked.all)).toBeUndefined();
      expect(buttonsOf(revoked)).toEqual([]);
      expect((await page(path)).status).toBe(410);
      const again = await press(ctx.t, buttonIn(message, MESSAGE.revoke), issuer.id);
      expect(again).toMatchObject({ replace_original: false });
      expect(again.all).toContain('was already revoked');
    });
  });

  describe('the buttons of `links`', () => {
    it('offers Extend, Replace and Revoke for a live hosted link, nothing for a replaced one, and shows until when each works', async () => {
      const { id } = await issue();
      const fresh = await freshIn((await ctx.t.command(`replace ${id}`)).all, id);
      const listed = await ctx.t.command('links acme');
      expect(buttonsOf(listed.message).filter((b) => b.value === fresh.id).map((b) => b.action_id)).toEqual([LIST.extend, LIST.replace, LIST.revoke]);
      expect(buttonsOf(listed.message).filter((b) => b.value === id)).toEqual([]);
      expect(listed.all).toContain(`\`${id}\` *Acme Corp* · hosted · SSO + SCIM · :recycle: replaced by \`${fresh.id}\``);
      expect(listed.all).toMatch(new RegExp(`\`${fresh.id}\` \\*Acme Corp\\* · hosted · SSO \\+ SCIM · :large_green_circle: active · until <!date\\^`));
      expect(findLink(listed.all)).toBeUndefined();
    });

    it('Extend: refuses a stranger; its issuer, or an admin, extends it, answered apart with the new expiry', async () => {
      for (const userId of [issuer.id, admin.id]) {
        const { id } = await issue();
        const listed = await ctx.t.command('links acme');
        expect((await press(ctx.t, buttonIn(listed.message, LIST.extend, id), stranger.id)).all).toContain('or an admin can extend it');
        const extended = await press(ctx.t, buttonIn(listed.message, LIST.extend, id), userId);
        expect(extended).toMatchObject({ response_type: 'ephemeral', replace_original: false });
        expect(extended.all).toMatch(new RegExp(`\`${id}\` for \\*Acme Corp\\* now works until <!date\\^\\d+\\^[^>]*> \\(in 7 days\\); it was until`));
        expect(findLink(extended.all)).toBeUndefined();
        expect(await actors(id, 'extended')).toEqual([userId]);
      }
    });

    it('Replace: refuses a stranger; an admin replaces it, and the answer carries the fresh link with its Copy', async () => {
      const { id, path } = await issue();
      const listed = await ctx.t.command('links acme');
      expect((await press(ctx.t, buttonIn(listed.message, LIST.replace, id), stranger.id)).all).toContain('or an admin can replace it');
      const replaced = await press(ctx.t, buttonIn(listed.message, LIST.replace, id), admin.id);
      expect(replaced).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      const fresh = await freshIn(replaced.all, id);
      expect(buttonIn(replaced, MESSAGE.copy).value).toBe(`${fresh.id} ${fresh.url}`);
      expect((await page(path)).status).toBe(410);
      const again = await press(ctx.t, buttonIn(listed.message, LIST.replace, id), issuer.id);
      expect(again.all).toContain(`\`${id}\` was replaced by \`${fresh.id}\`: use that one.`);
    });

    it('Revoke: refuses a stranger; an admin revokes it, answered apart', async () => {
      const { id } = await issue();
      const listed = await ctx.t.command('links acme');
      expect((await press(ctx.t, buttonIn(listed.message, LIST.revoke, id), stranger.id)).all).toContain('or an admin can revoke it');
      const revoked = await press(ctx.t, buttonIn(listed.message, LIST.revoke, id), admin.id);
      expect(revoked).toMatchObject({ replace_original: false });
      expect(revoked.all).toContain(`\`${id}\` for *Acme Corp* is revoked`);
      expect((await stored(id)).revokedBy).toBe(admin.id);
    });
  });
});
