import { beforeEach, describe, expect, it } from 'vitest';
import { Refused } from '../../../src/core/errors.js';
import { issuerOf, linkRequest, ORGS, USERS, withAcmeLink, type UseCases } from '../../helpers/use-cases.js';

let cases: UseCases;
let linkId: string;
let url: string;

beforeEach(async () => {
  ({ cases, linkId, url } = await withAcmeLink({ ttl: '1d' }));
});

const copiedBy = async () => (await cases.db.links.events(linkId)).filter((event) => event.type === 'copied').map((event) => event.actor);

describe('copying a link for the customer', () => {
  it('hands its issuer or an admin the link and the address the message showed, and records who', async () => {
    expect(await cases.copier.copy(linkId, url, USERS.csm.id)).toMatchObject({ link: { id: linkId, orgName: ORGS.acme.displayName }, url });
    await cases.copier.copy(linkId, url, USERS.admin.id);
    expect(await copiedBy()).toEqual([USERS.csm.id, USERS.admin.id]);
  });

  it('refuses anyone else, who learns nothing of the link', async () => {
    for (const userId of [USERS.groupCsm.id, USERS.stranger.id]) {
      await expect(cases.copier.copy(linkId, url, userId)).rejects.toEqual(
        new Refused({ reason: 'not_the_issuer', linkId, issuerId: USERS.csm.id, action: 'copy' }),
      );
    }
    expect(await copiedBy()).toEqual([]);
  });

  it("refuses an address that is not exactly this link's", async () => {
    const other = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme' }));
    for (const shownUrl of [other.url, url.replace('https://bot.test', 'https://evil.test'), url.replace('/p/', '/q/'), url.slice(0, -1), '']) {
      await expect(cases.copier.copy(linkId, shownUrl, USERS.csm.id)).rejects.toEqual(new Refused({ reason: 'not_this_links_address', linkId }));
    }
  });

  it('refuses a link that no longer works: the customer could not use the text', async () => {
    cases.clock.advance(86_400_000);
    await expect(cases.copier.copy(linkId, url, USERS.csm.id)).rejects.toEqual(
      new Refused({ reason: 'link_state', linkId, action: 'copy', state: 'expired', replacedBy: null }),
    );
    await cases.revoker.revoke(linkId, USERS.csm.id);
    await expect(cases.copier.copy(linkId, url, USERS.csm.id)).rejects.toMatchObject({ refusal: { reason: 'link_state', state: 'revoked' } });
    expect(await copiedBy()).toEqual([]);
  });
});
