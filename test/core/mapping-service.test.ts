import { beforeEach, describe, expect, it } from 'vitest';
import { Refused } from '../../src/core/errors.js';
import { ScalekitUnavailableError } from '../../src/core/ports.js';
import { ORGS, RESERVED_WORDS, useCases, USERS, type UseCases } from '../helpers/use-cases.js';

let cases: UseCases;
const admin = USERS.admin.id;
const channel = { teamId: 'T0TEAM', channelId: 'C0ACME' };

beforeEach(() => {
  cases = useCases();
});

describe('mapping aliases', () => {
  it('maps a lowercased alias to what Scalekit says of the organization, by id or external id', async () => {
    const byId = await cases.mappings.map({ alias: 'Acme', reference: ORGS.acme.id, by: admin });
    expect(byId).toEqual({
      alias: 'acme',
      orgId: ORGS.acme.id,
      externalId: ORGS.acme.externalId,
      displayName: ORGS.acme.displayName,
      createdBy: admin,
      createdAt: cases.clock.now(),
    });
    await cases.mappings.map({ alias: 'globex', reference: `ext:${ORGS.globex.externalId}`, by: admin, channel });
    expect(await cases.db.mappings.findByChannel(channel.teamId, channel.channelId)).toMatchObject({ alias: 'globex', orgId: ORGS.globex.id });
  });

  it('is for admins only', async () => {
    for (const userId of [USERS.csm.id, USERS.groupCsm.id, USERS.stranger.id]) {
      const notAllowed = new Refused({ reason: 'not_allowed', to: 'manage_mappings' });
      await expect(cases.mappings.map({ alias: 'acme', reference: ORGS.acme.id, by: userId })).rejects.toEqual(notAllowed);
      await expect(cases.mappings.unmap('acme', userId)).rejects.toEqual(notAllowed);
      await expect(cases.mappings.list(userId)).rejects.toEqual(notAllowed);
    }
    expect(cases.db.rows('OrgMapping')).toEqual([]);
  });

  it('refuses an alias that is malformed or a reserved word', async () => {
    for (const alias of ['-acme', 'ac me', 'a'.repeat(64), 'acme!', '', ...RESERVED_WORDS]) {
      await expect(cases.mappings.map({ alias, reference: ORGS.acme.id, by: admin })).rejects.toEqual(new Refused({ reason: 'invalid_alias', alias }));
    }
    expect(await cases.mappings.map({ alias: 'a'.repeat(63), reference: ORGS.acme.id, by: admin })).toMatchObject({ orgId: ORGS.acme.id });
  });

  it('maps only what Scalekit knows, by id or external id', async () => {
    await expect(cases.mappings.map({ alias: 'acme', reference: 'globex', by: admin })).rejects.toEqual(
      new Refused({ reason: 'not_an_org_reference', reference: 'globex' }),
    );
    await expect(cases.mappings.map({ alias: 'acme', reference: 'org_nope', by: admin })).rejects.toMatchObject({ refusal: { reason: 'unknown_org' } });
    cases.scalekit.unavailable = true;
    await expect(cases.mappings.map({ alias: 'acme', reference: ORGS.acme.id, by: admin })).rejects.toBeInstanceOf(ScalekitUnavailableError);
    expect(cases.db.rows('OrgMapping')).toEqual([]);
  });

  it('unmaps an alias in any case, once', async () => {
    await cases.mappings.map({ alias: 'acme', reference: ORGS.acme.id, by: admin, channel });
    await cases.mappings.unmap('ACME', admin);
    expect(await cases.db.mappings.find('acme')).toBeNull();
    await expect(cases.mappings.unmap('ACME', admin)).rejects.toEqual(new Refused({ reason: 'not_mapped', alias: 'ACME' }));
  });

  it('lists the aliases with their channels', async () => {
    await cases.mappings.map({ alias: 'globex', reference: ORGS.globex.id, by: admin });
    await cases.mappings.map({ alias: 'acme', reference: ORGS.acme.id, by: admin, channel });
    expect((await cases.mappings.list(admin)).map(({ alias, channelIds }) => [alias, channelIds])).toEqual([
      ['acme', ['C0ACME']],
      ['globex', []],
    ]);
  });
});
