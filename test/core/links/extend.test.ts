import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Refused } from '../../../src/core/errors.js';
import { extensionDetail } from '../../../src/core/links/link.js';
import { CSM_GROUP } from '../../../emulators/world.js';
import { asIssued } from '../../helpers/fixtures.js';
import { DEFAULT_TTL_MS, issuerOf, linkRequest, tokenOf, USERS, withAcmeLink, type UseCaseOptions, type UseCases } from '../../helpers/use-cases.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let cases: UseCases;
let linkId: string;
let url: string;

/** A hosted link for Acme issued by the CSM for `ttl`, then an hour later. */
async function issue(options: UseCaseOptions = {}, ttl = '3d', by: string = USERS.csm.id) {
  ({ cases, linkId, url } = await withAcmeLink({ ttl }, options, by));
  cases.clock.advance(HOUR);
}

const stored = async (id = linkId) => asIssued(await cases.db.links.findById(id));
const extendedEvents = async () => (await cases.db.links.events(linkId)).filter((event) => event.type === 'extended');
const issuedAt = new Date('2026-11-01T09:00:00Z');
const at = (ms: number) => new Date(issuedAt.getTime() + ms);

describe('extending a link', () => {
  beforeEach(async () => {
    await issue();
  });

  it('lets its issuer make it live LINK_TTL longer from now, recording the old and new expiry', async () => {
    const extension = await cases.extender.extend(linkId, USERS.csm.id);
    const expiresAt = at(HOUR + DEFAULT_TTL_MS);
    expect(extension).toMatchObject({ link: { id: linkId, expiresAt }, previousExpiresAt: at(3 * DAY), capped: false });
    expect((await stored()).expiresAt).toEqual(expiresAt);
    expect(await extendedEvents()).toEqual([
      { linkId, type: 'extended', detail: extensionDetail(at(3 * DAY), expiresAt), actor: USERS.csm.id, createdAt: cases.clock.now() },
    ]);
    expect(extensionDetail(at(3 * DAY), expiresAt)).toBe('2026-11-04T09:00:00.000Z → 2026-11-08T10:00:00.000Z');
  });

  it('takes a lifetime instead of LINK_TTL', async () => {
    await cases.extender.extend(linkId, USERS.csm.id, { ttlMs: 5 * DAY });
    expect((await stored()).expiresAt).toEqual(at(HOUR + 5 * DAY));
  });

  it("lets an admin extend anyone's link, and refuses anyone else, even another issuer", async () => {
    await expect(cases.extender.extend(linkId, USERS.groupCsm.id)).rejects.toEqual(
      new Refused({ reason: 'not_the_issuer', linkId, issuerId: USERS.csm.id, action: 'extend' }),
    );
    await expect(cases.extender.extend(linkId, USERS.stranger.id)).rejects.toMatchObject({ refusal: { reason: 'not_the_issuer' } });
    expect(await extendedEvents()).toEqual([]);
    await cases.extender.extend(linkId, USERS.admin.id);
    expect((await extendedEvents()).map((event) => event.actor)).toEqual([USERS.admin.id]);
  });

  it('never lets a link live past 30 days after its issue; past that, it says so', async () => {
    const extension = await cases.extender.extend(linkId, USERS.csm.id, { ttlMs: 30 * DAY });
    expect(extension).toMatchObject({ capped: true, link: { expiresAt: at(30 * DAY) } });
    await expect(cases.extender.extend(linkId, USERS.csm.id)).rejects.toEqual(new Refused({ reason: 'extension_limit', linkId, limit: at(30 * DAY) }));
    expect(await extendedEvents()).toHaveLength(1);
  });

  it('refuses to shorten a link that already lives longer than asked', async () => {
    await issue({}, '20d');
    await expect(cases.extender.extend(linkId, USERS.csm.id)).rejects.toEqual(new Refused({ reason: 'already_lives_longer', linkId, expiresAt: at(20 * DAY) }));
    expect((await stored()).expiresAt).toEqual(at(20 * DAY));
  });

  it('brings an expired link back to life', async () => {
    cases.clock.advance(5 * DAY);
    expect((await cases.page.open(tokenOf(url))).state).toBe('expired');
    await cases.extender.extend(linkId, USERS.csm.id);
    expect((await cases.page.open(tokenOf(url))).state).toBe('live');
  });

  it('refuses a revoked or a replaced link, naming the replacement', async () => {
    const { fresh } = await cases.replacer.replace(linkId, USERS.csm.id);
    await expect(cases.extender.extend(linkId, USERS.csm.id)).rejects.toEqual(
      new Refused({ reason: 'link_state', linkId, action: 'extend', state: 'replaced', replacedBy: fresh.id }),
    );
    await cases.revoker.revoke(fresh.id, USERS.csm.id);
    await expect(cases.extender.extend(fresh.id, USERS.csm.id)).rejects.toMatchObject({ refusal: { reason: 'link_state', state: 'revoked' } });
  });

  it('refuses a link that used up its portal sessions: a longer life would not open it', async () => {
    await issue({ maxSessionsPerLink: 1 });
    await cases.page.session(tokenOf(url), true);
    await expect(cases.extender.extend(linkId, USERS.csm.id)).rejects.toMatchObject({ refusal: { reason: 'link_state', state: 'exhausted' } });
  });

  it('refuses a direct link, which lives a minute by itself', async () => {
    const direct = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', kind: 'direct' }));
    await expect(cases.extender.extend(direct.linkId, USERS.csm.id)).rejects.toEqual(new Refused({ reason: 'direct_link', linkId: direct.linkId, action: 'extend' }));
  });

  it('refuses an issuer who may no longer issue, who may still revoke', async () => {
    await issue({}, '3d', USERS.groupCsm.id);
    cases.directory.setGroup(CSM_GROUP.id, []);
    cases.clock.advance(2 * 60_000); // past the cached group members
    await expect(cases.extender.extend(linkId, USERS.groupCsm.id)).rejects.toEqual(new Refused({ reason: 'not_allowed', to: 'issue' }));
    await expect(cases.revoker.revoke(linkId, USERS.groupCsm.id)).resolves.toMatchObject({ id: linkId });
  });

  it('knows no link by an unknown id, and never looks up one with a control character', async () => {
    await expect(cases.extender.extend('L-nope', USERS.admin.id)).rejects.toEqual(new Refused({ reason: 'no_such_link', linkId: 'L-nope' }));
    const lookUp = vi.spyOn(cases.db.links, 'findById');
    await expect(cases.extender.extend('L-\u0000', USERS.admin.id)).rejects.toMatchObject({ refusal: { reason: 'no_such_link' } });
    expect(lookUp).not.toHaveBeenCalled();
  });

  it("checks the address a button carried back before changing anything: it must be this link's", async () => {
    const other = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme' }));
    for (const shownUrl of [other.url, url.replace('https://bot.test', 'https://evil.test'), `${url}x`, '']) {
      await expect(cases.extender.extend(linkId, USERS.csm.id, { shownUrl })).rejects.toEqual(new Refused({ reason: 'not_this_links_address', linkId }));
    }
    expect(await extendedEvents()).toEqual([]);
    await expect(cases.extender.extend(linkId, USERS.csm.id, { shownUrl: url })).resolves.toMatchObject({ capped: false });
  });

  it('extends once when two extensions arrive at the same moment', async () => {
    const outcomes = await Promise.allSettled([cases.extender.extend(linkId, USERS.csm.id), cases.extender.extend(linkId, USERS.admin.id)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.reason).toMatchObject({ refusal: { reason: 'changed_meanwhile', linkId, action: 'extend' } });
    expect(await extendedEvents()).toHaveLength(1);
  });
});
