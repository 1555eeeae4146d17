// The fake Scalekit's CreateOrganization, CreateDomain and ListDomains, called through the real SDK
// (gRPC over the SDK's own descriptors), with the codes it refuses with.
import { ScalekitClient } from '@scalekit-sdk/node';
import { DomainType, VerificationStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, startFakeScalekit, type FakeScalekit } from '../../emulators/scalekit/server.js';

const CLIENT_ID = 'skc_emulator_test';
const CLIENT_SECRET = 'emulator-secret';

/** The gRPC status an SDK call failed with. */
async function refusal(call: Promise<unknown>): Promise<number | undefined> {
  const error = (await call.then(() => undefined, (thrown: unknown) => thrown)) as { grpcStatus?: number } | undefined;
  return error?.grpcStatus;
}

describe('fake Scalekit organizations and domains, through the real SDK', () => {
  let fake: FakeScalekit;
  let sdk: ScalekitClient;

  beforeAll(async () => {
    fake = await startFakeScalekit({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      orgs: [{ id: 'org_globex', displayName: 'Globex', externalId: 'CUST-77' }],
    });
    fake.addDomain('org_globex', 'globex.com', 'VERIFIED');
    sdk = new ScalekitClient(fake.url, CLIENT_ID, CLIENT_SECRET);
  });

  afterAll(async () => {
    await fake?.close();
  });

  describe('CreateOrganization', () => {
    it('creates an organization with its external id, which GetOrganization then finds', async () => {
      const { organization } = await sdk.organization.createOrganization('Acme Corp', { externalId: 'CUST-42' });
      expect(organization).toMatchObject({ displayName: 'Acme Corp', externalId: 'CUST-42' });
      expect(organization?.id).toMatch(/^org_[a-f0-9]+$/);
      expect(organization?.createTime).toBeDefined();
      expect((await sdk.organization.getOrganizationByExternalId('CUST-42')).organization?.id).toBe(organization?.id);
      expect(fake.calls.find((call) => call.method === 'CreateOrganization')?.request).toMatchObject({
        organization: { displayName: 'Acme Corp', externalId: 'CUST-42' },
      });
    });

    it('creates one without an external id, each time anew', async () => {
      const first = await sdk.organization.createOrganization('Initech');
      const second = await sdk.organization.createOrganization('Initech');
      expect(first.organization?.externalId).toBeUndefined();
      expect(second.organization?.id).not.toBe(first.organization?.id);
    });

    it('refuses an external id another organization has (AlreadyExists), and a blank name (InvalidArgument)', async () => {
      const before = fake.calls.length;
      expect(await refusal(sdk.organization.createOrganization('Globex again', { externalId: 'CUST-77' }))).toBe(Code.AlreadyExists);
      expect(await refusal(sdk.organization.createOrganization('   '))).toBe(Code.InvalidArgument);
      expect(fake.calls.slice(before).map((call) => call.method)).toEqual(['CreateOrganization', 'CreateOrganization']);
      expect([...(await sdk.organization.listOrganization({ pageSize: 100 })).organizations].filter((o) => o.externalId === 'CUST-77')).toHaveLength(1);
    });
  });

  describe('CreateDomain and ListDomains', () => {
    it('adds a domain, PENDING until it is verified, of the kind that routes SSO unless asked otherwise', async () => {
      const { organization } = await sdk.organization.createOrganization('Hooli');
      const orgId = organization?.id ?? '';
      const { domain } = await sdk.domain.createDomain(orgId, 'Hooli.com');
      expect(domain).toMatchObject({ domain: 'hooli.com', organizationId: orgId, verificationStatus: VerificationStatus.PENDING, domainType: DomainType.ORGANIZATION_DOMAIN });
      expect(domain?.id).toMatch(/^domain_/);
      await sdk.domain.createDomain(orgId, 'hooli.io', { domainType: 'ALLOWED_EMAIL_DOMAIN' });
      fake.setDomainStatus('hooli.com', 'VERIFIED');

      const listed = await sdk.domain.listDomains(orgId);
      expect(listed.domains.map((d) => [d.domain, VerificationStatus[d.verificationStatus], DomainType[d.domainType]])).toEqual([
        ['hooli.com', 'VERIFIED', 'ORGANIZATION_DOMAIN'],
        ['hooli.io', 'PENDING', 'ALLOWED_EMAIL_DOMAIN'],
      ]);
      const sso = await sdk.domain.listDomains(orgId, { domainType: 'ORGANIZATION_DOMAIN' });
      expect(sso.domains.map((d) => d.domain)).toEqual(['hooli.com']);
    });

    it('refuses a domain any organization holds already with AlreadyExists, leaving it where it was', async () => {
      const { organization } = await sdk.organization.createOrganization('Pied Piper');
      expect(await refusal(sdk.domain.createDomain(organization?.id ?? '', 'GLOBEX.com'))).toBe(Code.AlreadyExists);
      expect(await refusal(sdk.domain.createDomain('org_globex', 'globex.com'))).toBe(Code.AlreadyExists);
      expect(fake.domains.filter((d) => d.domain === 'globex.com')).toEqual([expect.objectContaining({ orgId: 'org_globex', status: 'VERIFIED' })]);
      expect((await sdk.domain.listDomains(organization?.id ?? '')).domains).toEqual([]);
    });

    it('refuses a public e-mail domain and a malformed name (InvalidArgument)', async () => {
      for (const name of ['gmail.com', 'not a domain', 'acme', 'acme.123', '-acme.com', 'acme..com', '']) {
        expect(await refusal(sdk.domain.createDomain('org_globex', name)), name).toBe(Code.InvalidArgument);
      }
    });

    it('fails the call an injected failure waits for, letting those before it answer', async () => {
      const { organization } = await sdk.organization.createOrganization('Initrode');
      const orgId = organization?.id ?? '';
      fake.failNext('CreateDomain', Code.Internal, undefined, { after: 1 });
      await sdk.domain.createDomain(orgId, 'initrode.com');
      expect(await refusal(sdk.domain.createDomain(orgId, 'initrode.io'))).toBe(Code.Internal);
      await sdk.domain.createDomain(orgId, 'initrode.net');
      expect((await sdk.domain.listDomains(orgId)).domains.map((d) => d.domain)).toEqual(['initrode.com', 'initrode.net']);
    });

    it('answers NotFound for an organization it does not have; removing an organization frees its domains', async () => {
      expect(await refusal(sdk.domain.createDomain('org_missing', 'missing.com'))).toBe(Code.NotFound);
      expect(await refusal(sdk.domain.listDomains('org_missing'))).toBe(Code.NotFound);
      const { organization } = await sdk.organization.createOrganization('Vandelay');
      await sdk.domain.createDomain(organization?.id ?? '', 'vandelay.com');
      fake.removeOrg(organization?.id ?? '');
      expect(fake.domains.map((d) => d.domain)).not.toContain('vandelay.com');
    });
  });
});
