import { beforeEach, describe, expect, it } from 'vitest';
import { Refused } from '../../../src/core/errors.js';
import { issuerOf, linkRequest, mapAlias, ORGS, tokenOf, useCases, USERS, type UseCases } from '../../helpers/use-cases.js';

let cases: UseCases;
const here = { teamId: 'T0TEAM', channelId: 'C0ACME' };

beforeEach(async () => {
  cases = useCases({ maxSessionsPerLink: 1 });
  await mapAlias(cases, 'acme', ORGS.acme, 'C0ACME');
  await mapAlias(cases, 'globex', ORGS.globex);
});

const issue = async (userId: string, customer: string, ttl = '1d') => {
  const issued = await cases.issuer.issue(issuerOf(userId), linkRequest({ customer, ttl }));
  cases.clock.advance(1000);
  return issued;
};

describe('the newest links', () => {
  it('lists the asker\'s own links, newest first, each with its use and its state now', async () => {
    const expiring = await issue(USERS.csm.id, 'acme', '1h');
    const revoked = await issue(USERS.csm.id, 'globex');
    const used = await issue(USERS.csm.id, 'acme');
    await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'nobody' })).catch(() => undefined);
    cases.clock.advance(1000);
    const live = await issue(USERS.csm.id, 'acme');
    await issue(USERS.admin.id, 'acme');
    await cases.revoker.revoke(revoked.linkId, USERS.csm.id);
    await cases.page.session(tokenOf(used.url), true);
    cases.clock.advance(3_600_000);

    const { org, links } = await cases.recent.list(USERS.csm.id, undefined, here);
    expect(org).toBeNull();
    expect(links.map(({ id, state, views, sessions }) => ({ id, state, views, sessions }))).toEqual([
      { id: live.linkId, state: 'live', views: 0, sessions: 0 },
      { id: expect.any(String), state: 'failed', views: 0, sessions: 0 },
      { id: used.linkId, state: 'exhausted', views: 1, sessions: 1 },
      { id: revoked.linkId, state: 'revoked', views: 0, sessions: 0 },
      { id: expiring.linkId, state: 'expired', views: 0, sessions: 0 },
    ]);
  });

  it('lists a customer\'s links from everyone, with the customer', async () => {
    const mine = await issue(USERS.csm.id, 'acme');
    await issue(USERS.csm.id, 'globex');
    const theirs = await issue(USERS.admin.id, 'acme');
    const { org, links } = await cases.recent.list(USERS.csm.id, 'ACME', here);
    expect(org).toMatchObject({ id: ORGS.acme.id, alias: 'acme' });
    expect(links.map((link) => link.id)).toEqual([theirs.linkId, mine.linkId]);
  });

  it('honours the limit', async () => {
    for (let i = 0; i < 3; i++) await issue(USERS.csm.id, 'acme');
    expect((await cases.recent.list(USERS.csm.id, undefined, here, 2)).links).toHaveLength(2);
  });

  it('is for issuers and admins only', async () => {
    await expect(cases.recent.list(USERS.stranger.id, undefined, here)).rejects.toEqual(new Refused({ reason: 'not_allowed', to: 'see_links' }));
    expect((await cases.recent.list(USERS.groupCsm.id, undefined, here)).links).toEqual([]);
  });

  it('refuses a customer it cannot resolve', async () => {
    await expect(cases.recent.list(USERS.csm.id, 'acmee', here)).rejects.toMatchObject({ refusal: { reason: 'unknown_alias', nearMatches: ['acme'] } });
  });
});
