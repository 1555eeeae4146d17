import { beforeEach, describe, expect, it } from 'vitest';
import { Refused } from '../../../src/core/errors.js';
import { asIssued } from '../../helpers/fixtures.js';
import { issuerOf, linkRequest, ORGS, tokenOf, USERS, withAcmeLink, type UseCases } from '../../helpers/use-cases.js';

const DAY = 86_400_000;

let cases: UseCases;
let linkId: string;
let url: string;

beforeEach(async () => {
  ({ cases, linkId, url } = await withAcmeLink({ ttl: '3d', idp: 'okta', note: 'for Dana' }));
  cases.clock.advance(DAY);
});

const stored = async (id: string) => asIssued(await cases.db.links.findById(id));
const eventsOf = async (id: string) => (await cases.db.links.events(id)).map(({ type, detail, actor }) => ({ type, detail, actor }));

describe('replacing a link', () => {
  it('issues a fresh link with everything the old one had, and revokes the old one in the same step', async () => {
    const { old, fresh, url: freshUrl } = await cases.replacer.replace(linkId, USERS.csm.id);
    const now = cases.clock.now();
    expect(old.id).toBe(linkId);
    expect(fresh).toEqual({
      ...(await stored(fresh.id)),
      kind: 'hosted',
      orgId: ORGS.acme.id,
      orgName: ORGS.acme.displayName,
      orgQuery: 'acme',
      channelId: 'C0ACME',
      issuerId: USERS.csm.id,
      idp: 'okta',
      note: 'for Dana',
      createdAt: now,
      expiresAt: new Date(now.getTime() + 3 * DAY),
      revokedAt: null,
      replacedBy: null,
    });
    expect(fresh.id).not.toBe(linkId);
    expect(await stored(linkId)).toMatchObject({ revokedAt: now, revokedBy: USERS.csm.id, replacedBy: fresh.id });
    expect(await eventsOf(linkId)).toEqual([{ type: 'replaced', detail: fresh.id, actor: USERS.csm.id }]);

    expect(await cases.page.open(tokenOf(freshUrl))).toMatchObject({ state: 'live', link: { id: fresh.id } });
    expect((await cases.page.open(tokenOf(url))).state).toBe('replaced');
    expect((await cases.db.links.events(linkId)).map((event) => event.type)).toEqual(['replaced', 'refused_replaced']);
  });

  it('keeps where the old link was posted, so the news of the fresh one goes to the same thread', async () => {
    const posted = { channelId: 'C0ACME', ts: '1700000000.000300' };
    await cases.issuer.posted(linkId, posted);
    const { fresh } = await cases.replacer.replace(linkId, USERS.csm.id);
    expect(fresh.posted).toEqual(posted);
    expect((await stored(fresh.id)).posted).toEqual(posted);
    await cases.notices.completedThrough(await stored(fresh.id), 'sso', 'page');
    expect((await cases.delivered()).messages.map(({ to }) => to)).toEqual([{ userId: USERS.csm.id }, { channelId: 'C0ACME', threadTs: posted.ts }]);
  });

  it("lets an admin replace anyone's link, which stays its issuer's; the trail names the admin", async () => {
    const { fresh } = await cases.replacer.replace(linkId, USERS.admin.id);
    expect(fresh.issuerId).toBe(USERS.csm.id);
    expect(await stored(linkId)).toMatchObject({ revokedBy: USERS.admin.id, replacedBy: fresh.id });
    expect(await eventsOf(linkId)).toEqual([{ type: 'replaced', detail: fresh.id, actor: USERS.admin.id }]);
  });

  it('refuses anyone else, even another issuer, and issues nothing', async () => {
    await expect(cases.replacer.replace(linkId, USERS.groupCsm.id)).rejects.toEqual(
      new Refused({ reason: 'not_the_issuer', linkId, issuerId: USERS.csm.id, action: 'replace' }),
    );
    await expect(cases.replacer.replace(linkId, USERS.stranger.id)).rejects.toMatchObject({ refusal: { reason: 'not_the_issuer' } });
    expect(cases.db.rows('Link')).toHaveLength(1);
    expect((await stored(linkId)).revokedAt).toBeNull();
  });

  it('refuses a link already replaced (naming its replacement) or revoked', async () => {
    const { fresh } = await cases.replacer.replace(linkId, USERS.csm.id);
    await expect(cases.replacer.replace(linkId, USERS.csm.id)).rejects.toEqual(
      new Refused({ reason: 'link_state', linkId, action: 'replace', state: 'replaced', replacedBy: fresh.id }),
    );
    await cases.revoker.revoke(fresh.id, USERS.csm.id);
    await expect(cases.replacer.replace(fresh.id, USERS.csm.id)).rejects.toMatchObject({ refusal: { reason: 'link_state', state: 'revoked', replacedBy: null } });
    expect(cases.db.rows('Link')).toHaveLength(2);
  });

  it('replaces an expired link with one that lives as long as the old one was given, extensions included', async () => {
    await cases.extender.extend(linkId, USERS.csm.id, { ttlMs: 4 * DAY });
    cases.clock.advance(10 * DAY);
    const { fresh } = await cases.replacer.replace(linkId, USERS.csm.id);
    expect(fresh.expiresAt.getTime() - fresh.createdAt.getTime()).toBe(5 * DAY);
  });

  it('refuses a direct link, which works once and dies by itself', async () => {
    const direct = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', kind: 'direct' }));
    await expect(cases.replacer.replace(direct.linkId, USERS.csm.id)).rejects.toEqual(
      new Refused({ reason: 'direct_link', linkId: direct.linkId, action: 'replace' }),
    );
  });

  it('replaces once when two replacements arrive at the same moment', async () => {
    const outcomes = await Promise.allSettled([cases.replacer.replace(linkId, USERS.csm.id), cases.replacer.replace(linkId, USERS.admin.id)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.reason).toMatchObject({ refusal: { reason: 'changed_meanwhile', linkId, action: 'replace' } });
    expect(cases.db.rows('Link')).toHaveLength(2);
  });
});
