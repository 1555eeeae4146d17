import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Refused } from '../../../src/core/errors.js';
import { asIssued } from '../../helpers/fixtures.js';
import { issuerOf, linkRequest, mapAlias, ORGS, useCases, USERS, type UseCases } from '../../helpers/use-cases.js';

let cases: UseCases;
let linkId: string;

beforeEach(async () => {
  cases = useCases();
  await mapAlias(cases, 'acme', ORGS.acme);
  ({ linkId } = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme' })));
  cases.clock.advance(60_000);
});

const revokedEvents = async () => (await cases.db.links.events(linkId)).filter((event) => event.type === 'revoked');

describe('revoking a link', () => {
  it('lets its issuer revoke it, recording who and when', async () => {
    const revoked = await cases.revoker.revoke(linkId, USERS.csm.id);
    expect(revoked).toMatchObject({ id: linkId, orgId: ORGS.acme.id, issuerId: USERS.csm.id });
    expect(asIssued(await cases.db.links.findById(linkId))).toMatchObject({ revokedAt: cases.clock.now(), revokedBy: USERS.csm.id });
    expect(await revokedEvents()).toEqual([{ linkId, type: 'revoked', detail: null, actor: USERS.csm.id, createdAt: cases.clock.now() }]);
  });

  it('lets an admin revoke anyone\'s link', async () => {
    await cases.revoker.revoke(linkId, USERS.admin.id);
    expect(asIssued(await cases.db.links.findById(linkId)).revokedBy).toBe(USERS.admin.id);
  });

  it('refuses anyone else, even another issuer, and leaves the link working', async () => {
    await expect(cases.revoker.revoke(linkId, USERS.groupCsm.id)).rejects.toEqual(
      new Refused({ reason: 'not_the_issuer', linkId, issuerId: USERS.csm.id, action: 'revoke' }),
    );
    await expect(cases.revoker.revoke(linkId, USERS.stranger.id)).rejects.toMatchObject({ refusal: { reason: 'not_the_issuer' } });
    expect(asIssued(await cases.db.links.findById(linkId)).revokedAt).toBeNull();
    expect(await revokedEvents()).toEqual([]);
  });

  it('refuses a second revocation, keeping the first', async () => {
    await cases.revoker.revoke(linkId, USERS.csm.id);
    cases.clock.advance(1000);
    await expect(cases.revoker.revoke(linkId, USERS.admin.id)).rejects.toEqual(new Refused({ reason: 'already_revoked', linkId }));
    expect(asIssued(await cases.db.links.findById(linkId)).revokedBy).toBe(USERS.csm.id);
    expect(await revokedEvents()).toHaveLength(1);
  });

  it('refuses a direct link, which expires by itself within a minute', async () => {
    const direct = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', kind: 'direct' }));
    await expect(cases.revoker.revoke(direct.linkId, USERS.csm.id)).rejects.toEqual(
      new Refused({ reason: 'direct_link', linkId: direct.linkId, action: 'revoke' }),
    );
    // Whose link it is comes first: someone else learns only that it is not theirs.
    await expect(cases.revoker.revoke(direct.linkId, USERS.stranger.id)).rejects.toMatchObject({ refusal: { reason: 'not_the_issuer' } });
  });

  it('knows no link by an unknown id, nor by a failed attempt\'s', async () => {
    await expect(cases.revoker.revoke('L-nope', USERS.admin.id)).rejects.toEqual(new Refused({ reason: 'no_such_link', linkId: 'L-nope' }));
    await cases.issuer.issue(issuerOf(USERS.stranger.id), linkRequest({ customer: 'acme' })).catch(() => undefined);
    const [failed] = await cases.db.links.recent({ issuerId: USERS.stranger.id, limit: 1 });
    expect(failed?.outcome).toBe('failed');
    await expect(cases.revoker.revoke(failed?.id ?? '', USERS.admin.id)).rejects.toMatchObject({ refusal: { reason: 'no_such_link' } });
  });

  it('never looks up an id with a control character (a forged button): PostgreSQL would refuse it outright', async () => {
    const lookUp = vi.spyOn(cases.db.links, 'findById');
    await expect(cases.revoker.revoke('L-\u0000', USERS.admin.id)).rejects.toMatchObject({ refusal: { reason: 'no_such_link' } });
    expect(lookUp).not.toHaveBeenCalled();
  });
});
