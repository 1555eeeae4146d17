// What the ScalekitPort promises, held to the adapter over the real SDK (talking gRPC to the
// Scalekit emulator) and to the in-memory double the use-case tests run on: one set of cases, so
// the double cannot drift from the adapter.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Code, generateWebhookSecret, startFakeScalekit, webhookHeaders } from '../../emulators/scalekit/server.js';
import type { PortalAction } from '../../emulators/scalekit/server.js';
import type { SetupPart } from '../../src/core/links/events.js';
import { covers, LINK_SCOPES } from '../../src/core/links/scope.js';
import {
  ScalekitDomainRejectedError,
  ScalekitDomainTakenError,
  ScalekitExternalIdTakenError,
  ScalekitOrgNotFoundError,
  ScalekitUnavailableError,
  type DomainStatus,
  type PortalLink,
  type ScalekitOrg,
  type ScalekitPort,
} from '../../src/core/ports.js';
import { createScalekitAdapter } from '../../src/scalekit/scalekit-adapter.js';
import { InMemoryScalekit, type ScalekitCall } from '../helpers/in-memory-scalekit.js';

/** A Scalekit environment, the port onto it, and what the cases do to it around the port. */
interface ScalekitWorld {
  port: ScalekitPort;
  /** The secret the port verifies webhooks with (Scalekit signs with it). */
  webhookSecret: string;
  addOrg(org: ScalekitOrg): void;
  /** Scalekit's dashboard gives an organization a domain. */
  addDomain(orgId: string, domain: string): void;
  /** Scalekit checked (or an admin verified) that the organization owns the domain. */
  setDomainStatus(domain: string, status: Exclude<DomainStatus, 'UNKNOWN'>): void;
  /** What the customer's IT admin does in the Admin Portal; resolves to the new connection's id. */
  configureSso(orgId: string): Promise<string>;
  /** Likewise for directory sync; resolves to the new directory's id. */
  configureDirectory(orgId: string): Promise<string>;
  /** The parts of the setup the portal behind a link offers its IT admin. */
  offeredBy(link: PortalLink): Promise<SetupPart[]>;
  /** Scalekit stops answering (`true`) or answers again. */
  setOutage(on: boolean): void;
  close(): Promise<void>;
}

const PARTS: readonly SetupPart[] = ['sso', 'directory'];
/** The emulated portal's button for each part. */
const PORTAL_BUTTONS: Record<SetupPart, PortalAction> = { sso: 'configure-sso', directory: 'configure-directory' };

const clientId = 'skc_contract';
const clientSecret = 'contract_secret';

const onTheEmulator = async (): Promise<ScalekitWorld> => {
  const fake = await startFakeScalekit({ clientId, clientSecret });
  const webhookSecret = generateWebhookSecret();
  const port = createScalekitAdapter({ environmentUrl: fake.url, clientId, clientSecret, webhookSecret, timeoutMs: 1000 });
  /** Opens a fresh portal link for the org and presses one of its buttons; answers the portal's event data. */
  const clickInPortal = async (orgId: string, action: PortalAction) => {
    const link = await port.generatePortalLink(orgId, 'all');
    expect((await fetch(link.location)).status).toBe(200);
    const session = fake.portalSessions.find((opened) => opened.linkId === link.id);
    const clicked = await fetch(`${link.location}/actions/${action}`, { method: 'POST', headers: { 'x-portal-session': session?.id ?? '' } });
    expect(clicked.status).toBe(200);
    return ((await clicked.json()) as { message: { data: Record<string, string> } }).message.data;
  };
  return {
    port,
    webhookSecret,
    addOrg: ({ externalId, ...org }) => fake.addOrg(externalId ? { ...org, externalId } : org),
    addDomain: (orgId, domain) => void fake.addDomain(orgId, domain),
    setDomainStatus: (domain, status) => fake.setDomainStatus(domain, status),
    configureSso: async (orgId) => (await clickInPortal(orgId, 'configure-sso')).connection_id ?? '',
    configureDirectory: async (orgId) => (await clickInPortal(orgId, 'configure-directory')).directory_id ?? '',
    // What the portal's screen has buttons for.
    async offeredBy(link) {
      const html = await (await fetch(link.location)).text();
      return PARTS.filter((part) => html.includes(`data-action="${PORTAL_BUTTONS[part]}"`));
    },
    // A server failure the SDK does not retry: it retries Unavailable with seconds of backoff,
    // which would go on after the case ends.
    setOutage: (on) => fake.setFailure(on ? Code.Internal : null),
    close: () => fake.close(),
  };
};

const inMemory = async (): Promise<ScalekitWorld> => {
  const webhookSecret = generateWebhookSecret();
  const port = new InMemoryScalekit({ webhookSecret });
  // What the emulator's portal configures: Okta, finished and enabled.
  const configured = (prefix: string, type: string) => ({
    id: `${prefix}_${randomBytes(6).toString('hex')}`,
    provider: 'OKTA',
    type,
    status: 'COMPLETED',
    enabled: true,
  });
  return {
    port,
    webhookSecret,
    addOrg: (org) => port.addOrg(org),
    addDomain: (orgId, domain) => void port.addDomain(orgId, domain),
    setDomainStatus: (domain, status) => port.setDomainStatus(domain, status),
    async configureSso(orgId) {
      const connection = configured('conn', 'SAML');
      port.setConnections(orgId, [connection]);
      return connection.id;
    },
    async configureDirectory(orgId) {
      const directory = configured('dir', 'SCIM');
      port.setDirectories(orgId, [directory]);
      return directory.id;
    },
    async offeredBy(link) {
      const asked = port.portalLinkRequests[port.portalLinks.findIndex((issued) => issued.id === link.id)];
      return asked ? PARTS.filter((part) => covers(asked.scope, part)) : [];
    },
    setOutage: (on) => {
      port.unavailable = on;
    },
    close: async () => {},
  };
};

const ACME: ScalekitOrg = { id: 'org_acme', displayName: 'Acme Corp', externalId: 'acme-42' };
const GLOBEX: ScalekitOrg = { id: 'org_globex', displayName: 'Globex', externalId: null };

describe.each([
  { kind: 'the SDK adapter against the Scalekit emulator', open: onTheEmulator },
  { kind: 'the in-memory double', open: inMemory },
])('the Scalekit port on $kind', ({ open }) => {
  let world: ScalekitWorld;
  let port: ScalekitPort;
  /** A new organization, so that what a case configures is its own. */
  const freshOrg = (): ScalekitOrg => {
    const org = { id: `org_${randomBytes(6).toString('hex')}`, displayName: 'Initech', externalId: null };
    world.addOrg(org);
    return org;
  };

  beforeAll(async () => {
    world = await open();
    port = world.port;
    world.addOrg(ACME);
    world.addOrg(GLOBEX);
  });

  afterEach(() => {
    world.setOutage(false);
  });

  afterAll(async () => {
    await world?.close();
  });

  describe('organizations', () => {
    it('gets an organization by id, with its external id or null', async () => {
      expect(await port.getOrganization(ACME.id)).toEqual(ACME);
      expect(await port.getOrganization(GLOBEX.id)).toEqual(GLOBEX);
    });

    it('answers null for an organization Scalekit does not have, and for ids that cannot be one', async () => {
      for (const id of ['org_missing', '', '   ', 'not an org id', `ext:${ACME.externalId}`]) {
        expect(await port.getOrganization(id), id).toBeNull();
      }
    });

    it('gets an organization by external id, or null', async () => {
      expect(await port.getOrganizationByExternalId('acme-42')).toEqual(ACME);
      for (const externalId of ['nobody', '', '  ', ACME.id]) {
        expect(await port.getOrganizationByExternalId(externalId), externalId).toBeNull();
      }
    });
  });

  describe('new organizations', () => {
    const unique = () => randomBytes(4).toString('hex');

    it('creates an organization, with or without an external id, that is then found by id and external id', async () => {
      const externalId = `CUST-${unique()}`;
      const created = await port.createOrganization('Hooli', { externalId });
      expect(created).toEqual({ id: expect.stringMatching(/^org_[A-Za-z0-9]+$/), displayName: 'Hooli', externalId });
      expect(await port.getOrganization(created.id)).toEqual(created);
      expect(await port.getOrganizationByExternalId(externalId)).toEqual(created);
      const plain = await port.createOrganization('Hooli', {});
      expect(plain).toMatchObject({ displayName: 'Hooli', externalId: null });
      expect(plain.id).not.toBe(created.id);
    });

    it('refuses an external id another organization has, creating nothing', async () => {
      const refused = await port.createOrganization('Acme again', { externalId: ACME.externalId as string }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ScalekitExternalIdTakenError);
      expect(refused).toMatchObject({ externalId: ACME.externalId });
      expect(await port.getOrganizationByExternalId(ACME.externalId as string)).toEqual(ACME);
    });
  });

  describe('domains', () => {
    const domainOf = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}.example.com`;

    it('adds domains pending verification and lists them, oldest first, with their state now', async () => {
      const org = freshOrg();
      const first = domainOf('first');
      const second = domainOf('second');
      expect(await port.createDomain(org.id, first.toUpperCase())).toEqual({ id: expect.stringMatching(/\S/), domain: first, status: 'PENDING' });
      await port.createDomain(org.id, second);
      world.setDomainStatus(first, 'VERIFIED');
      expect((await port.listDomains(org.id)).map(({ domain, status }) => [domain, status])).toEqual([
        [first, 'VERIFIED'],
        [second, 'PENDING'],
      ]);
      expect(await port.listDomains(freshOrg().id)).toEqual([]);
    });

    it('refuses a domain an organization holds already, another or this one, and leaves it with its holder', async () => {
      const holder = freshOrg();
      const held = domainOf('held');
      world.addDomain(holder.id, held);
      for (const orgId of [freshOrg().id, holder.id]) {
        const refused = await port.createDomain(orgId, held).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(ScalekitDomainTakenError);
        expect(refused).toMatchObject({ domain: held });
      }
      expect((await port.listDomains(holder.id)).map(({ domain }) => domain)).toEqual([held]);
    });

    it('refuses a public e-mail domain', async () => {
      const refused = await port.createDomain(freshOrg().id, 'gmail.com').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ScalekitDomainRejectedError);
      expect(refused).toMatchObject({ domain: 'gmail.com' });
    });

    it('refuses domains of an organization Scalekit does not have', async () => {
      await expect(port.createDomain('org_missing', domainOf('missing'))).rejects.toBeInstanceOf(ScalekitOrgNotFoundError);
      await expect(port.listDomains('org_missing')).rejects.toBeInstanceOf(ScalekitOrgNotFoundError);
    });
  });

  describe('portal links', () => {
    it('issues a new single-use link on every call, expiring about a minute later', async () => {
      const before = Date.now();
      const first = await port.generatePortalLink(ACME.id, 'all');
      const second = await port.generatePortalLink(ACME.id, 'all');
      const after = Date.now();
      for (const link of [first, second]) {
        expect(link.id).toMatch(/\S/);
        expect(new URL(link.location).protocol).toMatch(/^https?:$/);
        expect(link.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 59_000);
        expect(link.expiresAt.getTime()).toBeLessThanOrEqual(after + 61_000);
      }
      expect(second.id).not.toBe(first.id);
      expect(second.location).not.toBe(first.location);
    });

    it('offers the whole portal, or only the part of the setup asked for', async () => {
      const offered = [];
      for (const scope of LINK_SCOPES) offered.push([scope, await world.offeredBy(await port.generatePortalLink(ACME.id, scope))]);
      expect(offered).toEqual([
        ['all', ['sso', 'directory']],
        ['sso', ['sso']],
        ['directory', ['directory']],
      ]);
    });

    it('refuses a link for an organization Scalekit does not have', async () => {
      const refused = await port.generatePortalLink('org_missing', 'all').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ScalekitOrgNotFoundError);
      expect(refused).toMatchObject({ orgId: 'org_missing' });
    });
  });

  describe('connections and directories', () => {
    it('lists none before the IT admin configured anything', async () => {
      const org = freshOrg();
      expect(await port.listConnections(org.id)).toEqual([]);
      expect(await port.listDirectories(org.id)).toEqual([]);
    });

    it('lists the SSO connection the IT admin configured, and no directory yet', async () => {
      const org = freshOrg();
      const id = await world.configureSso(org.id);
      expect(await port.listConnections(org.id)).toEqual([{ id, provider: 'OKTA', type: 'SAML', status: 'COMPLETED', enabled: true }]);
      expect(await port.listDirectories(org.id)).toEqual([]);
    });

    it('lists the directory the IT admin connected', async () => {
      const org = freshOrg();
      const id = await world.configureDirectory(org.id);
      expect(await port.listDirectories(org.id)).toEqual([{ id, provider: 'OKTA', type: 'SCIM', status: 'COMPLETED', enabled: true }]);
      expect(await port.listConnections(org.id)).toEqual([]);
    });

    // What real Scalekit answers here is not documented; the emulator answers an empty list, and
    // the double follows it (see in-memory-scalekit.ts).
    it('lists nothing for an organization Scalekit does not have', async () => {
      expect(await port.listConnections('org_missing')).toEqual([]);
      expect(await port.listDirectories('org_missing')).toEqual([]);
    });
  });

  describe('an outage', () => {
    const calls: Record<ScalekitCall, () => Promise<unknown>> = {
      getOrganization: () => port.getOrganization(ACME.id),
      getOrganizationByExternalId: () => port.getOrganizationByExternalId('acme-42'),
      generatePortalLink: () => port.generatePortalLink(ACME.id, 'all'),
      listConnections: () => port.listConnections(ACME.id),
      listDirectories: () => port.listDirectories(ACME.id),
      createOrganization: () => port.createOrganization('Initech', {}),
      createDomain: () => port.createDomain(ACME.id, 'outage.example.com'),
      listDomains: () => port.listDomains(ACME.id),
    };

    it('fails every call to Scalekit with ScalekitUnavailableError, until Scalekit answers again', async () => {
      world.setOutage(true);
      for (const [name, call] of Object.entries(calls)) {
        await expect(call(), name).rejects.toBeInstanceOf(ScalekitUnavailableError);
      }
      world.setOutage(false);
      expect(await port.getOrganization(ACME.id)).toEqual(ACME);
    });

    it('answers a blank id without asking Scalekit, and still verifies webhooks', async () => {
      world.setOutage(true);
      expect(await port.getOrganization(' ')).toBeNull();
      expect(await port.getOrganizationByExternalId('')).toBeNull();
      const body = '{"type":"organization.sso_enabled"}';
      expect(port.verifyWebhook(webhookHeaders(world.webhookSecret, 'evt_1', body), body)).toBe(true);
    });
  });

  describe('webhooks', () => {
    const body = JSON.stringify({ id: 'evt_1', type: 'organization.sso_enabled', organization_id: ACME.id, data: {} });
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const signed = (at?: Date, secret = world.webhookSecret) => webhookHeaders(secret, 'evt_1', body, at);

    it('accepts a payload signed with the secret within the last five minutes', () => {
      expect(port.verifyWebhook(signed(), body)).toBe(true);
      expect(port.verifyWebhook(signed(minutesAgo(4)), body)).toBe(true);
    });

    it('refuses a wrong secret, a stale or future timestamp, a tampered body and missing headers', () => {
      expect(port.verifyWebhook(signed(undefined, generateWebhookSecret()), body)).toBe(false);
      expect(port.verifyWebhook(signed(minutesAgo(6)), body)).toBe(false);
      expect(port.verifyWebhook(signed(minutesAgo(-6)), body)).toBe(false);
      expect(port.verifyWebhook(signed(), body.replace('sso_enabled', 'sso_disabled'))).toBe(false);
      expect(port.verifyWebhook(signed(), `${body} `)).toBe(false);
      const { 'webhook-signature': _signature, ...unsigned } = signed();
      expect(port.verifyWebhook(unsigned, body)).toBe(false);
    });
  });
});
