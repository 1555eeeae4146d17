import { beforeEach, describe, expect, it } from 'vitest';
import { Refused } from '../../src/core/errors.js';
import { ScalekitOrgNotFoundError, ScalekitUnavailableError, type OrgIntegration } from '../../src/core/ports.js';
import { issuerOf, linkRequest, mapAlias, ORGS, useCases, USERS, type UseCases } from '../helpers/use-cases.js';

let cases: UseCases;
const here = { teamId: 'T0TEAM', channelId: 'C0ACME' };
const okta: OrgIntegration = { id: 'conn_1', provider: 'OKTA', type: 'SAML', status: 'COMPLETED', enabled: true };
const scim: OrgIntegration = { id: 'dir_1', provider: 'OKTA', type: 'SCIM', status: 'IN_PROGRESS', enabled: false };

beforeEach(async () => {
  cases = useCases();
  await mapAlias(cases, 'acme', ORGS.acme, 'C0ACME');
});

/** Records a webhook event for Acme, `minutes` after the clock's start. */
async function webhookEvent(id: string, type: string, minutes: number) {
  await cases.db.orgEvents.record({ id, orgId: ORGS.acme.id, type, occurredAt: new Date(cases.clock.now().getTime() + minutes * 60_000) });
}

describe('whether a customer finished setup', () => {
  it('takes Scalekit\'s connections and directories as the truth, over the events recorded', async () => {
    cases.scalekit.setConnections(ORGS.acme.id, [okta]);
    cases.scalekit.setDirectories(ORGS.acme.id, [scim]);
    await webhookEvent('evt_1', 'organization.directory_enabled', 1);
    const status = await cases.status.status(USERS.csm.id, 'acme', here);
    expect(status).toMatchObject({ org: { id: ORGS.acme.id, alias: 'acme' }, scalekit: { state: 'ok', connections: [okta], directories: [scim] } });
    expect([status.sso, status.directory]).toEqual(['done', 'not_done']);
  });

  it("lists the organization's domains with their verification, and answers without them when only they fail", async () => {
    cases.scalekit.addDomain(ORGS.acme.id, 'acme.com', 'VERIFIED');
    cases.scalekit.addDomain(ORGS.acme.id, 'acme.io');
    const status = await cases.status.status(USERS.csm.id, 'acme', here);
    expect(status.domains).toEqual({
      state: 'ok',
      domains: [
        { id: expect.any(String), domain: 'acme.com', status: 'VERIFIED' },
        { id: expect.any(String), domain: 'acme.io', status: 'PENDING' },
      ],
    });
    cases.scalekit.failNext('listDomains', new ScalekitUnavailableError('down'));
    cases.scalekit.setConnections(ORGS.acme.id, [okta]);
    const without = await cases.status.status(USERS.csm.id, 'acme', here);
    expect(without).toMatchObject({ domains: { state: 'unavailable' }, scalekit: { state: 'ok', connections: [okta] }, sso: 'done' });
    cases.scalekit.failNext('listDomains', new ScalekitOrgNotFoundError(ORGS.acme.id));
    expect((await cases.status.status(USERS.csm.id, 'acme', here)).domains).toEqual({ state: 'org_not_found' });
  });

  it('says not done when Scalekit has no connection or directory', async () => {
    const status = await cases.status.status(USERS.csm.id, undefined, here);
    expect([status.sso, status.directory]).toEqual(['not_done', 'not_done']);
  });

  it('falls back to the newest webhook event about each part when Scalekit cannot answer', async () => {
    await webhookEvent('evt_1', 'organization.sso_enabled', 1);
    await webhookEvent('evt_2', 'organization.directory_enabled', 2);
    await webhookEvent('evt_3', 'organization.sso_disabled', 3);
    cases.scalekit.unavailable = true;
    const status = await cases.status.status(USERS.csm.id, 'acme', here);
    expect(status.scalekit).toEqual({ state: 'unavailable' });
    expect(status.domains).toEqual({ state: 'unavailable' });
    expect([status.sso, status.directory]).toEqual(['not_done', 'done']);
    expect(status.events.map((event) => event.id)).toEqual(['evt_3', 'evt_2', 'evt_1']);
  });

  it('says unknown for a part no event speaks of, and lists the five newest events only', async () => {
    for (let i = 1; i <= 6; i++) await webhookEvent(`evt_${i}`, 'organization.sso_created', i);
    cases.scalekit.unavailable = true;
    const status = await cases.status.status(USERS.csm.id, 'acme', here);
    expect([status.sso, status.directory]).toEqual(['not_done', 'unknown']);
    expect(status.events.map((event) => event.id)).toEqual(['evt_6', 'evt_5', 'evt_4', 'evt_3', 'evt_2']);
  });

  it('says so when Scalekit no longer has the mapped organization, answering from the events', async () => {
    await webhookEvent('evt_1', 'organization.sso_enabled', 1);
    cases.scalekit.removeOrg(ORGS.acme.id);
    // Scalekit's lists may answer NotFound for it (or nothing, as the emulator does).
    cases.scalekit.failNext('listConnections', new ScalekitOrgNotFoundError(ORGS.acme.id));
    const status = await cases.status.status(USERS.csm.id, 'acme', here);
    expect(status.scalekit).toEqual({ state: 'org_not_found' });
    expect([status.sso, status.directory]).toEqual(['done', 'unknown']);
  });

  it('needs Scalekit to name a customer by org id', async () => {
    cases.scalekit.unavailable = true;
    await expect(cases.status.status(USERS.csm.id, ORGS.acme.id, here)).rejects.toBeInstanceOf(ScalekitUnavailableError);
  });

  it('shows the last link sent to the customer, in its state now', async () => {
    expect((await cases.status.status(USERS.csm.id, 'acme', here)).lastLink).toBeNull();
    await cases.issuer.issue(issuerOf(USERS.admin.id), linkRequest({ customer: 'acme', ttl: '1h' }));
    cases.clock.advance(1000);
    const { linkId } = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', ttl: '1h' }));
    cases.clock.advance(3_600_000);
    expect((await cases.status.status(USERS.csm.id, 'acme', here)).lastLink).toMatchObject({ id: linkId, state: 'expired' });
  });

  it('is for issuers and admins only', async () => {
    await expect(cases.status.status(USERS.stranger.id, 'acme', here)).rejects.toEqual(new Refused({ reason: 'not_allowed', to: 'see_status' }));
  });
});
