import { beforeEach, describe, expect, it } from 'vitest';
import { checkNewCustomer, type NewCustomerInput, type NewCustomerRequest } from '../../../src/core/customers/request.js';
import { Refused } from '../../../src/core/errors.js';
import { ScalekitExternalIdTakenError, ScalekitOrgNotFoundError, ScalekitUnavailableError } from '../../../src/core/ports.js';
import { mapAlias, ORGS, RESERVED_WORDS, useCases, USERS, type UseCases } from '../../helpers/use-cases.js';

let cases: UseCases;
const admin: string = USERS.admin.id;
const channel = { teamId: 'T0TEAM', channelId: 'C0HOOLI' };

beforeEach(() => {
  cases = useCases();
});

function request(input: Partial<NewCustomerInput> = {}): NewCustomerRequest {
  const checked = checkNewCustomer({ name: 'Hooli', alias: undefined, externalId: undefined, domains: [], ...input }, RESERVED_WORDS);
  if ('problems' in checked) throw new Error(`the request has problems: ${JSON.stringify(checked.problems)}`);
  return checked.request;
}

const add = (input: Partial<NewCustomerInput> = {}, by = admin, where?: typeof channel) => cases.newCustomers.add({ by, request: request(input), channel: where });
const orgsNamed = async (name: string) => (await Promise.all([...'12345'].map((n) => cases.scalekit.getOrganization(`org_new${n}`)))).filter((org) => org?.displayName === name);

describe('adding a customer', () => {
  it('creates the organization with its external id, maps the alias and the channel, and adds its domains pending verification', async () => {
    const added = await add({ externalId: 'CUST-1', domains: ['hooli.com', 'hooli.io'] }, admin, channel);
    expect(added).toEqual({
      org: { id: expect.stringMatching(/^org_/), displayName: 'Hooli', externalId: 'CUST-1' },
      created: true,
      alias: 'hooli',
      channel,
      domains: [
        { domain: 'hooli.com', outcome: 'added', status: 'PENDING' },
        { domain: 'hooli.io', outcome: 'added', status: 'PENDING' },
      ],
      interrupted: false,
    });
    expect(await cases.scalekit.getOrganizationByExternalId('CUST-1')).toEqual(added.org);
    expect((await cases.scalekit.listDomains(added.org.id)).map((d) => d.domain)).toEqual(['hooli.com', 'hooli.io']);
    expect(await cases.db.mappings.find('hooli')).toMatchObject({ orgId: added.org.id, externalId: 'CUST-1', displayName: 'Hooli', createdBy: admin });
    expect(await cases.db.mappings.findByChannel(channel.teamId, channel.channelId)).toMatchObject({ alias: 'hooli' });
    expect(cases.db.rows('MappingChange')).toEqual([
      expect.objectContaining({ alias: 'hooli', action: 'mapped', orgId: added.org.id, actor: admin }),
      expect.objectContaining({ alias: 'hooli', action: 'channel_mapped', orgId: added.org.id, channelId: 'C0HOOLI', actor: admin }),
    ]);
  });

  it('creates one without an external id or domains, mapping no channel unless asked', async () => {
    const added = await add({ alias: 'HQ' });
    expect(added).toMatchObject({ org: { displayName: 'Hooli', externalId: null }, created: true, alias: 'hq', channel: null, domains: [], interrupted: false });
    expect(cases.db.rows('ChannelMapping')).toEqual([]);
  });

  it('maps the organization Scalekit has with the external id instead of making a second one, adding only the domains it lacks', async () => {
    cases.scalekit.addDomain(ORGS.acme.id, 'acme.com', 'VERIFIED');
    const added = await add({ name: 'Acme Corporation', alias: 'acme', externalId: ORGS.acme.externalId, domains: ['acme.com', 'acme.io'] });
    expect(added).toEqual({
      org: ORGS.acme,
      created: false,
      alias: 'acme',
      channel: null,
      domains: [
        { domain: 'acme.com', outcome: 'held_already', status: 'VERIFIED' },
        { domain: 'acme.io', outcome: 'added', status: 'PENDING' },
      ],
      interrupted: false,
    });
    expect(await orgsNamed('Acme Corporation')).toEqual([]);
    expect(await cases.db.mappings.find('acme')).toMatchObject({ orgId: ORGS.acme.id, displayName: ORGS.acme.displayName });
  });

  it('maps it again under an alias that names it already', async () => {
    await mapAlias(cases, 'acme', ORGS.acme);
    expect(await add({ alias: 'acme', externalId: ORGS.acme.externalId }, admin, channel)).toMatchObject({ org: ORGS.acme, created: false, channel });
    expect(await cases.db.mappings.findByChannel(channel.teamId, channel.channelId)).toMatchObject({ alias: 'acme', orgId: ORGS.acme.id });
  });

  it('maps the organization someone else made with the external id meanwhile', async () => {
    const theirs = { id: 'org_theirs', displayName: 'Hooli Inc', externalId: 'CUST-9' };
    cases.scalekit.failNext('createOrganization', () => {
      cases.scalekit.addOrg(theirs);
      return new ScalekitExternalIdTakenError('CUST-9');
    });
    expect(await add({ externalId: 'CUST-9', domains: ['hooli.com'] })).toMatchObject({ org: theirs, created: false, domains: [{ domain: 'hooli.com', outcome: 'added' }] });
    expect(await cases.db.mappings.find('hooli')).toMatchObject({ orgId: 'org_theirs' });
  });

  it('says so when Scalekit refuses an external id it then cannot find', async () => {
    cases.scalekit.failNext('createOrganization', new ScalekitExternalIdTakenError('CUST-9'));
    await expect(add({ externalId: 'CUST-9' })).rejects.toBeInstanceOf(ScalekitExternalIdTakenError);
    expect(cases.db.rows('OrgMapping')).toEqual([]);
  });
});

describe('domains', () => {
  it('reports a domain another organization holds and one Scalekit takes from no one, and adds the rest', async () => {
    cases.scalekit.addDomain(ORGS.globex.id, 'globex.com', 'VERIFIED');
    const added = await add({ domains: ['globex.com', 'gmail.com', 'hooli.com'] });
    expect(added.domains).toEqual([
      { domain: 'globex.com', outcome: 'taken' },
      { domain: 'gmail.com', outcome: 'rejected' },
      { domain: 'hooli.com', outcome: 'added', status: 'PENDING' },
    ]);
    expect(added.interrupted).toBe(false);
    expect(await cases.scalekit.listDomains(ORGS.globex.id)).toEqual([expect.objectContaining({ domain: 'globex.com', status: 'VERIFIED' })]);
  });
});

describe('what may be refused is refused before anything is created', () => {
  it('is for admins only', async () => {
    for (const userId of [USERS.csm.id, USERS.groupCsm.id, USERS.stranger.id]) {
      await expect(add({ domains: ['hooli.com'] }, userId)).rejects.toEqual(new Refused({ reason: 'not_allowed', to: 'add_customers' }));
      await expect(cases.newCustomers.checkAllowed(userId)).rejects.toBeInstanceOf(Refused);
    }
    await expect(cases.newCustomers.checkAllowed(admin)).resolves.toBeUndefined();
    expect(await orgsNamed('Hooli')).toEqual([]);
    expect(cases.db.rows('OrgMapping')).toEqual([]);
  });

  it('refuses an alias, given or made from the name, that names another organization', async () => {
    await mapAlias(cases, 'hooli', ORGS.globex);
    await expect(add({ externalId: ORGS.acme.externalId })).rejects.toEqual(
      new Refused({ reason: 'alias_taken', alias: 'hooli', fromName: true, orgId: ORGS.globex.id, displayName: ORGS.globex.displayName }),
    );
    await expect(add({ alias: 'Hooli', domains: ['hooli.com'] })).rejects.toMatchObject({ refusal: { reason: 'alias_taken', fromName: false } });
    expect(await orgsNamed('Hooli')).toEqual([]);
    // Only the mapping the test made.
    expect(cases.db.rows('MappingChange')).toHaveLength(1);
  });

  it('creates nothing when Scalekit does not answer the look-up or the creation', async () => {
    cases.scalekit.failNext('getOrganizationByExternalId', new ScalekitUnavailableError('down'));
    await expect(add({ externalId: 'CUST-1' })).rejects.toBeInstanceOf(ScalekitUnavailableError);
    cases.scalekit.failNext('createOrganization', new ScalekitUnavailableError('down'));
    await expect(add({ domains: ['hooli.com'] })).rejects.toBeInstanceOf(ScalekitUnavailableError);
    expect(await orgsNamed('Hooli')).toEqual([]);
    expect(cases.db.rows('OrgMapping')).toEqual([]);
  });
});

describe('Scalekit stopping part way', () => {
  it('keeps the organization and its alias, and says which domains were added and which were not', async () => {
    cases.scalekit.failNext('createDomain', new ScalekitUnavailableError('down'), { after: 1 });
    const added = await add({ domains: ['hooli.com', 'hooli.io', 'hooli.net'] });
    expect(added).toMatchObject({ created: true, alias: 'hooli', interrupted: true });
    expect(added.domains).toEqual([
      { domain: 'hooli.com', outcome: 'added', status: 'PENDING' },
      { domain: 'hooli.io', outcome: 'not_added' },
      { domain: 'hooli.net', outcome: 'not_added' },
    ]);
    expect(await cases.db.mappings.find('hooli')).toMatchObject({ orgId: added.org.id });
    expect((await cases.scalekit.listDomains(added.org.id)).map((d) => d.domain)).toEqual(['hooli.com']);
  });

  it('adds no domain to an existing organization whose domains it cannot list, and still maps it', async () => {
    cases.scalekit.failNext('listDomains', new ScalekitUnavailableError('down'));
    const added = await add({ alias: 'acme', externalId: ORGS.acme.externalId, domains: ['acme.com'] });
    expect(added).toMatchObject({ org: ORGS.acme, created: false, domains: [{ domain: 'acme.com', outcome: 'not_added' }], interrupted: true });
    expect(await cases.scalekit.listDomains(ORGS.acme.id)).toEqual([]);
    expect(await cases.db.mappings.find('acme')).toMatchObject({ orgId: ORGS.acme.id });
  });

  it('lets other failures through: they are no outage to report on', async () => {
    cases.scalekit.failNext('createDomain', new ScalekitOrgNotFoundError('org_gone'));
    await expect(add({ domains: ['hooli.com'] })).rejects.toBeInstanceOf(ScalekitOrgNotFoundError);
    cases.scalekit.failNext('listDomains', new ScalekitOrgNotFoundError(ORGS.acme.id));
    await expect(add({ alias: 'acme', externalId: ORGS.acme.externalId, domains: ['acme.com'] })).rejects.toBeInstanceOf(ScalekitOrgNotFoundError);
  });
});
