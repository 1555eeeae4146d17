import { ScalekitClient } from '@scalekit-sdk/node';
import { Feature } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ScalekitOrgNotFoundError, ScalekitUnavailableError } from '../../src/core/ports.js';
import { createScalekitAdapter } from '../../src/scalekit/scalekit-adapter.js';
import { scopedPortalLinks } from '../../src/scalekit/scoped-portal-link.js';
import { Code, generateWebhookSecret, startFakeScalekit, webhookHeaders, type FakeScalekit } from '../../emulators/scalekit/server.js';

const clientId = 'skc_test_client';
const clientSecret = 'test_secret_do_not_log';

describe('Scalekit adapter against the fake Scalekit', () => {
  let fake: FakeScalekit;

  beforeAll(async () => {
    fake = await startFakeScalekit({
      clientId,
      clientSecret,
      orgs: [
        { id: 'org_acme', displayName: 'Acme Corp', externalId: 'acme-42' },
        { id: 'org_globex', displayName: 'Globex' },
      ],
    });
  });

  afterAll(async () => {
    await fake.close();
  });

  beforeEach(() => {
    fake.reset();
  });

  const adapter = (timeoutMs?: number) =>
    createScalekitAdapter({ environmentUrl: fake.url, clientId, clientSecret, timeoutMs });

  it('gets an organization by id', async () => {
    await expect(adapter().getOrganization('org_acme')).resolves.toEqual({
      id: 'org_acme',
      displayName: 'Acme Corp',
      externalId: 'acme-42',
    });
    await expect(adapter().getOrganization('org_globex')).resolves.toEqual({
      id: 'org_globex',
      displayName: 'Globex',
      externalId: null,
    });
  });

  it('gets an organization by external id', async () => {
    await expect(adapter().getOrganizationByExternalId('acme-42')).resolves.toEqual({
      id: 'org_acme',
      displayName: 'Acme Corp',
      externalId: 'acme-42',
    });
    // The SDK sends GetOrganization with the externalId oneof case.
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GetOrganization', request: { externalId: 'acme-42' } });
  });

  it('returns null when the organization does not exist', async () => {
    const sk = adapter();
    await expect(sk.getOrganization('org_missing')).resolves.toBeNull();
    await expect(sk.getOrganizationByExternalId('nobody')).resolves.toBeNull();
    await expect(sk.getOrganization('')).resolves.toBeNull();
  });

  it('sees organizations added after start', async () => {
    fake.addOrg({ id: 'org_initech', displayName: 'Initech', externalId: 'ini' });
    await expect(adapter().getOrganizationByExternalId('ini')).resolves.toMatchObject({ id: 'org_initech' });
  });

  it('generates a distinct single-use link on every call', async () => {
    const sk = adapter();
    const before = Date.now();
    const a = await sk.generatePortalLink('org_acme', 'all');
    const b = await sk.generatePortalLink('org_acme', 'all');
    expect(a.id).not.toBe(b.id);
    expect(a.location).not.toBe(b.location);
    expect(a.location).toBe(`${fake.url}/portal/${a.id}`);
    expect(a.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 59_000);
    expect(a.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 61_000);
    expect(fake.portalLinks.slice(-2).map((l) => l.id)).toEqual([a.id, b.id]);

    const page = await fetch(a.location);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Fake Scalekit Admin Portal for Acme Corp');
  });

  it("asks for the link's part of the portal on the wire: Scalekit's features, none for the whole portal", async () => {
    const sk = adapter();
    fake.revokeTokens();
    const links = [await sk.generatePortalLink('org_acme', 'directory'), await sk.generatePortalLink('org_acme', 'sso'), await sk.generatePortalLink('org_acme', 'all')];
    // Through the SDK's own client and token handling: the first call fetched the token, as any call does.
    expect([fake.unauthenticatedCalls, fake.tokenRequests]).toEqual([1, 1]);
    expect(fake.calls.filter((call) => call.method === 'GeneratePortalLink').map((call) => call.request)).toEqual([
      { id: 'org_acme', features: [Feature.dir_sync] },
      { id: 'org_acme', features: [Feature.sso] },
      { id: 'org_acme', features: [] },
    ]);
    expect(fake.portalLinks.slice(-3).map(({ id, features }) => [id, features])).toEqual([
      [links[0]?.id, ['dir_sync']],
      [links[1]?.id, ['sso']],
      [links[2]?.id, []],
    ]);
  });

  it('refuses to start on an SDK without the organization client it calls with features', () => {
    const client = new ScalekitClient(fake.url, clientId, clientSecret);
    Object.assign(client.organization, { client: undefined });
    expect(() => scopedPortalLinks(client)).toThrow(/version package.json pins/);
  });

  it('fails to issue a link for an unknown organization', async () => {
    await expect(adapter().generatePortalLink('org_missing', 'all')).rejects.toBeInstanceOf(ScalekitOrgNotFoundError);
  });

  it('lists connections and directories with their enums as names', async () => {
    await expect(adapter().listConnections('org_globex')).resolves.toEqual([]);
    await expect(adapter().listDirectories('org_globex')).resolves.toEqual([]);
    fake.failNext('ListConnections', Code.NotFound);
    await expect(adapter().listConnections('org_globex')).rejects.toBeInstanceOf(ScalekitOrgNotFoundError);
    fake.failNext('ListDirectories', Code.PermissionDenied);
    await expect(adapter().listDirectories('org_globex')).rejects.toBeInstanceOf(ScalekitUnavailableError);
  });

  it('creates an organization with an external id only when given one, and adds domains of the kind that routes SSO', async () => {
    const plain = await adapter().createOrganization('Hooli', {});
    expect(fake.calls.at(-1)).toMatchObject({ method: 'CreateOrganization', request: { organization: { displayName: 'Hooli' } } });
    expect(fake.calls.at(-1)?.request).not.toHaveProperty('organization.externalId');
    await adapter().createDomain(plain.id, 'hooli.com');
    // DomainType.ORGANIZATION_DOMAIN = 2, as the SDK sends it.
    expect(fake.calls.at(-1)).toMatchObject({ method: 'CreateDomain', request: { organizationId: plain.id, domain: { domain: 'hooli.com', domainType: 2 } } });
    expect(fake.domains.at(-1)).toMatchObject({ orgId: plain.id, domain: 'hooli.com', domainType: 'ORGANIZATION_DOMAIN', status: 'PENDING' });
  });

  it('reports a domain\'s verification state, and refusals that are not the caller\'s as Scalekit\'s trouble', async () => {
    const org = await adapter().createOrganization('Initrode', {});
    await adapter().createDomain(org.id, 'initrode.com');
    fake.setDomainStatus('initrode.com', 'AUTO_VERIFIED');
    await expect(adapter().listDomains(org.id)).resolves.toEqual([{ id: expect.any(String), domain: 'initrode.com', status: 'AUTO_VERIFIED' }]);
    // AlreadyExists from CreateOrganization without an external id is no external id taken: it is Scalekit's trouble.
    fake.failNext('CreateOrganization', Code.AlreadyExists);
    await expect(adapter().createOrganization('Initrode', {})).rejects.toBeInstanceOf(ScalekitUnavailableError);
    fake.failNext('CreateDomain', Code.PermissionDenied);
    await expect(adapter().createDomain(org.id, 'initrode.io')).rejects.toBeInstanceOf(ScalekitUnavailableError);
  });

  it('verifies webhooks with the configured secret only, refusing stale ones', () => {
    const secret = generateWebhookSecret();
    const body = '{"id":"evt_1","type":"organization.sso_enabled"}';
    const withSecret = createScalekitAdapter({ environmentUrl: fake.url, clientId, clientSecret, webhookSecret: secret });
    expect(withSecret.verifyWebhook(webhookHeaders(secret, 'evt_1', body), body)).toBe(true);
    expect(withSecret.verifyWebhook(webhookHeaders(secret, 'evt_1', body), `${body} `)).toBe(false);
    expect(withSecret.verifyWebhook(webhookHeaders(secret, 'evt_1', body, new Date(Date.now() - 6 * 60_000)), body)).toBe(false);
    expect(withSecret.verifyWebhook({}, body)).toBe(false);
    expect(adapter().verifyWebhook(webhookHeaders(secret, 'evt_1', body), body)).toBe(false);
  });

  it('fetches the access token once across many calls', async () => {
    const sk = adapter();
    for (let i = 0; i < 5; i++) {
      await sk.getOrganization('org_acme');
      await sk.getOrganizationByExternalId('acme-42');
      await sk.generatePortalLink('org_globex', 'all');
    }
    await sk.getOrganization('org_missing');
    expect(fake.tokenRequests).toBe(1);
    expect(fake.unauthenticatedCalls).toBe(1); // only the very first call, before any token
    expect(fake.calls).toHaveLength(16);
  });

  it('fetches a new token when Scalekit stops accepting the old one', async () => {
    const sk = adapter();
    await sk.getOrganization('org_acme');
    fake.revokeTokens();
    await expect(sk.getOrganization('org_acme')).resolves.toMatchObject({ id: 'org_acme' });
    expect(fake.tokenRequests).toBe(2);
  });

  it('reports wrong client credentials as unavailable, without leaking the secret', async () => {
    const sk = createScalekitAdapter({ environmentUrl: fake.url, clientId, clientSecret: 'wrong-secret' });
    const error = await sk.getOrganization('org_acme').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScalekitUnavailableError);
    expect((error as Error).message).toMatch(/credentials/);
    expect((error as Error).message).not.toContain('wrong-secret');
  });

  it('rides over a single Unavailable (the SDK retries it)', async () => {
    const sk = adapter();
    await sk.getOrganization('org_acme'); // token
    fake.failNext('GetOrganization', Code.Unavailable);
    await expect(sk.getOrganization('org_acme')).resolves.toMatchObject({ id: 'org_acme' });
  });

  it('maps a lasting Unavailable to ScalekitUnavailableError within timeoutMs', async () => {
    const sk = adapter(800);
    await sk.getOrganization('org_acme'); // token
    fake.setFailure(Code.Unavailable);
    const started = Date.now();
    await expect(sk.generatePortalLink('org_acme', 'all')).rejects.toBeInstanceOf(ScalekitUnavailableError);
    await expect(sk.getOrganization('org_acme')).rejects.toBeInstanceOf(ScalekitUnavailableError);
    // Two calls, each bounded by timeoutMs (retries included); generous slack for a busy machine.
    expect(Date.now() - started).toBeLessThan(2 * 800 + 3000);
  });

  it('maps a non-retried server failure to ScalekitUnavailableError at once', async () => {
    const sk = adapter();
    await sk.getOrganization('org_acme'); // token
    fake.failNext('GeneratePortalLink', Code.Internal);
    const error = await sk.generatePortalLink('org_acme', 'all').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScalekitUnavailableError);
    expect((error as Error).message).toMatch(/Internal/);
    // At once: one attempt, no retry (the next one would have succeeded).
    expect(fake.calls.filter((call) => call.method === 'GeneratePortalLink')).toHaveLength(1);
  });

  it('gives up quickly when Scalekit is slower than timeoutMs', async () => {
    const sk = adapter(300);
    await sk.getOrganization('org_acme'); // token
    fake.setDelay(3000);
    const started = Date.now();
    const error = await sk.getOrganization('org_acme').catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    fake.setDelay(0);
    expect(error).toBeInstanceOf(ScalekitUnavailableError);
    expect((error as Error).message).toMatch(/did not answer within 300 ms/);
    expect(elapsed).toBeLessThan(3000); // gave up before Scalekit's (delayed) answer
  });

  it('reports an unreachable Scalekit as unavailable', async () => {
    const gone = await startFakeScalekit({ clientId, clientSecret });
    const url = gone.url;
    await gone.close();
    const sk = createScalekitAdapter({ environmentUrl: url, clientId, clientSecret, timeoutMs: 800 });
    const started = Date.now();
    await expect(sk.getOrganization('org_acme')).rejects.toBeInstanceOf(ScalekitUnavailableError);
    expect(Date.now() - started).toBeLessThan(800 + 3000);
  });
});
