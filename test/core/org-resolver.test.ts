import { beforeEach, describe, expect, it } from 'vitest';
import { Refused } from '../../src/core/errors.js';
import { nearMatches } from '../../src/core/org-resolver.js';
import { ScalekitUnavailableError } from '../../src/core/ports.js';
import { mapAlias, ORGS, useCases, type UseCases } from '../helpers/use-cases.js';

let cases: UseCases;
const inAcmeChannel = { teamId: 'T0TEAM', channelId: 'C0ACME' };

beforeEach(async () => {
  cases = useCases();
  await mapAlias(cases, 'acme', ORGS.acme, 'C0ACME');
});

describe('naming a customer', () => {
  it('reads an alias in any case, without asking Scalekit', async () => {
    cases.scalekit.unavailable = true;
    expect(await cases.resolver.resolve('ACME', inAcmeChannel)).toEqual({ ...ORGS.acme, alias: 'acme' });
  });

  it('reads an org id and an external id through Scalekit', async () => {
    expect(await cases.resolver.resolve(ORGS.globex.id, inAcmeChannel)).toEqual({ ...ORGS.globex, alias: null });
    expect(await cases.resolver.resolve(`EXT:${ORGS.globex.externalId}`, inAcmeChannel)).toEqual({ ...ORGS.globex, alias: null });
  });

  it('takes the channel\'s customer when none is named', async () => {
    expect(await cases.resolver.resolve(undefined, inAcmeChannel)).toMatchObject({ id: ORGS.acme.id, alias: 'acme' });
    expect(await cases.resolver.resolve('', inAcmeChannel)).toMatchObject({ id: ORGS.acme.id });
  });

  it('refuses when none is named and the channel has none, or there is no channel', async () => {
    const none = new Refused({ reason: 'no_customer_for_channel' });
    await expect(cases.resolver.resolve(undefined, { teamId: 'T0TEAM', channelId: 'C0GENERAL' })).rejects.toEqual(none);
    await expect(cases.resolver.resolve(undefined, { teamId: 'T0OTHER', channelId: 'C0ACME' })).rejects.toEqual(none);
    await expect(cases.resolver.resolve(undefined, { teamId: 'T0TEAM', channelId: null })).rejects.toEqual(none);
  });

  it('refuses an unknown alias with its near matches', async () => {
    await mapAlias(cases, 'globex', ORGS.globex);
    await expect(cases.resolver.resolve('acm', inAcmeChannel)).rejects.toEqual(
      new Refused({ reason: 'unknown_alias', alias: 'acm', nearMatches: ['acme'] }),
    );
  });

  it('refuses what Scalekit does not know, and `ext:` with nothing after it', async () => {
    await expect(cases.resolver.resolve('org_nope', inAcmeChannel)).rejects.toEqual(new Refused({ reason: 'unknown_org', query: 'org_nope' }));
    await expect(cases.resolver.resolve('ext:nope', inAcmeChannel)).rejects.toEqual(new Refused({ reason: 'unknown_org', query: 'ext:nope' }));
    await expect(cases.resolver.resolve('ext:', inAcmeChannel)).rejects.toEqual(new Refused({ reason: 'missing_external_id' }));
  });

  it('passes Scalekit\'s outage on when it must ask', async () => {
    cases.scalekit.unavailable = true;
    await expect(cases.resolver.resolve(ORGS.globex.id, inAcmeChannel)).rejects.toBeInstanceOf(ScalekitUnavailableError);
  });

  it('looks up an org id or external id for a mapping, never an alias', async () => {
    expect(await cases.resolver.lookUp(ORGS.initech.id)).toMatchObject({ id: ORGS.initech.id, displayName: ORGS.initech.displayName });
    await expect(cases.resolver.lookUp('acme')).rejects.toEqual(new Refused({ reason: 'not_an_org_reference', reference: 'acme' }));
  });
});

describe('nearMatches', () => {
  it('suggests aliases a typo away, closest first', () => {
    expect(nearMatches('acmee', ['acme', 'globex', 'acme-eu'])).toEqual(['acme', 'acme-eu']);
    expect(nearMatches('zzz', ['acme', 'globex'])).toEqual([]);
  });
});
