// The ScalekitPort held in memory, answering as the adapter over the SDK does against the
// Scalekit emulator (test/contract/scalekit.contract.test.ts holds it to that): an organization it
// does not know is `null` on look-up, ScalekitOrgNotFoundError when asked for a portal link and
// nothing in its lists; an outage is ScalekitUnavailableError on every call. Domains follow the
// emulator's rules (one organization holds a domain; its name checks are the emulator's own).
import { domainProblem } from '../../emulators/scalekit/domains.js';
import { signWebhook } from '../../emulators/scalekit/webhooks.js';
import type { LinkScope } from '../../src/core/links/scope.js';
import {
  ScalekitDomainRejectedError,
  ScalekitDomainTakenError,
  ScalekitExternalIdTakenError,
  ScalekitOrgNotFoundError,
  ScalekitUnavailableError,
} from '../../src/core/ports.js';
import type { DomainStatus, OrgDomain, OrgIntegration, PortalLink, ScalekitOrg, ScalekitPort } from '../../src/core/ports.js';

/** Scalekit's portal links die a minute after issue if not opened. */
const PORTAL_LINK_LIFETIME_MS = 60_000;
/** How far a webhook's timestamp may be from now, either way (the SDK's tolerance). */
const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

/** The port's calls that go to Scalekit (verifying a webhook does not). */
export type ScalekitCall = Exclude<keyof ScalekitPort, 'verifyWebhook'>;

export interface InMemoryScalekitOptions {
  orgs?: readonly ScalekitOrg[];
  /** `whsec_…`; without it no webhook verifies, as with the adapter. */
  webhookSecret?: string;
  now?: () => Date;
}

export class InMemoryScalekit implements ScalekitPort {
  private readonly orgs = new Map<string, ScalekitOrg>();
  private readonly integrations = new Map<string, { connections: OrgIntegration[]; directories: OrgIntegration[] }>();
  private readonly domains: Array<OrgDomain & { orgId: string }> = [];
  private readonly nextFailures = new Map<ScalekitCall, { error: Error | (() => Error); after: number }>();
  private created = 0;
  private readonly now: () => Date;
  /** When set, every call fails as if Scalekit could not be reached. */
  unavailable = false;
  /** Every portal link handed out, oldest first. */
  readonly portalLinks: PortalLink[] = [];
  /** What each of `portalLinks` was asked for, at the same index: the organization and the parts its portal offers. */
  readonly portalLinkRequests: Array<{ orgId: string; scope: LinkScope }> = [];

  constructor(private readonly options: InMemoryScalekitOptions = {}) {
    this.now = options.now ?? (() => new Date());
    for (const org of options.orgs ?? []) this.addOrg(org);
  }

  addOrg(org: ScalekitOrg): void {
    this.orgs.set(org.id, { ...org });
    this.integrations.set(org.id, { connections: [], directories: [] });
  }

  /** The organization is gone from Scalekit (deleted, or another environment's), and its domains with it. */
  removeOrg(orgId: string): void {
    this.orgs.delete(orgId);
    this.integrations.delete(orgId);
    this.domains.splice(0, this.domains.length, ...this.domains.filter((held) => held.orgId !== orgId));
  }

  /** Gives an organization a domain, as if added in Scalekit's dashboard. */
  addDomain(orgId: string, domain: string, status: DomainStatus = 'PENDING'): OrgDomain {
    const added = { id: `domain_${this.domains.length + 1}`, orgId, domain: domain.trim().toLowerCase(), status };
    this.domains.push(added);
    return { id: added.id, domain: added.domain, status };
  }

  /** What became of a domain's verification. */
  setDomainStatus(domain: string, status: DomainStatus): void {
    const held = this.domains.find((candidate) => candidate.domain === domain);
    if (!held) throw new Error(`no organization holds ${domain}`);
    held.status = status;
  }

  setConnections(orgId: string, connections: OrgIntegration[]): void {
    this.integrationsOf(orgId).connections = connections;
  }

  setDirectories(orgId: string, directories: OrgIntegration[]): void {
    this.integrationsOf(orgId).directories = directories;
  }

  /**
   * The next `call` (after `after` more that answer) fails with `error`, whatever Scalekit would
   * have answered (an outage still comes first). A function makes the error when it is thrown, so
   * it may change what happened meanwhile.
   */
  failNext(call: ScalekitCall, error: Error | (() => Error), options: { after?: number } = {}): void {
    this.nextFailures.set(call, { error, after: options.after ?? 0 });
  }

  async getOrganization(orgId: string): Promise<ScalekitOrg | null> {
    // A blank id is answered without asking Scalekit, as the adapter does.
    if (!orgId.trim()) return null;
    this.answer('getOrganization');
    const org = this.orgs.get(orgId);
    return org ? { ...org } : null;
  }

  async getOrganizationByExternalId(externalId: string): Promise<ScalekitOrg | null> {
    if (!externalId.trim()) return null;
    this.answer('getOrganizationByExternalId');
    const org = [...this.orgs.values()].find((candidate) => candidate.externalId === externalId);
    return org ? { ...org } : null;
  }

  async createOrganization(displayName: string, { externalId }: { externalId?: string }): Promise<ScalekitOrg> {
    this.answer('createOrganization');
    if (externalId && [...this.orgs.values()].some((org) => org.externalId === externalId)) throw new ScalekitExternalIdTakenError(externalId);
    this.created++;
    const org = { id: `org_new${this.created}`, displayName, externalId: externalId || null };
    this.addOrg(org);
    return { ...org };
  }

  async createDomain(orgId: string, domain: string): Promise<OrgDomain> {
    this.answer('createDomain');
    this.integrationsOf(orgId);
    const name = domain.trim();
    if (domainProblem(name)) throw new ScalekitDomainRejectedError(domain);
    if (this.domains.some((held) => held.domain === name.toLowerCase())) throw new ScalekitDomainTakenError(domain);
    return this.addDomain(orgId, name);
  }

  async listDomains(orgId: string): Promise<OrgDomain[]> {
    this.answer('listDomains');
    this.integrationsOf(orgId);
    return this.domains.filter((held) => held.orgId === orgId).map(({ id, domain, status }) => ({ id, domain, status }));
  }

  async generatePortalLink(orgId: string, scope: LinkScope): Promise<PortalLink> {
    this.answer('generatePortalLink');
    this.integrationsOf(orgId);
    const id = `plk_${this.portalLinks.length + 1}`;
    const link = { id, location: `https://scalekit.test/portal/${id}`, expiresAt: new Date(this.now().getTime() + PORTAL_LINK_LIFETIME_MS) };
    this.portalLinks.push(link);
    this.portalLinkRequests.push({ orgId, scope });
    return { ...link };
  }

  // An organization Scalekit does not have lists nothing, as in the emulator. Whether real
  // Scalekit answers NotFound instead is not documented (ListConnections filters the
  // environment's connections by organization; ListDirectories documents only its success), so
  // the double follows the emulator; failNext() plays the NotFound the adapter would turn into
  // ScalekitOrgNotFoundError.
  async listConnections(orgId: string): Promise<OrgIntegration[]> {
    this.answer('listConnections');
    return structuredClone(this.integrations.get(orgId)?.connections ?? []);
  }

  async listDirectories(orgId: string): Promise<OrgIntegration[]> {
    this.answer('listDirectories');
    return structuredClone(this.integrations.get(orgId)?.directories ?? []);
  }

  verifyWebhook(headers: Record<string, string>, rawBody: string): boolean {
    const { webhookSecret } = this.options;
    const id = headers['webhook-id'];
    const timestamp = Number(headers['webhook-timestamp']);
    const signatures = headers['webhook-signature']?.split(' ') ?? [];
    if (!webhookSecret || !id || !Number.isInteger(timestamp)) return false;
    if (Math.abs(this.now().getTime() - timestamp * 1000) > WEBHOOK_TOLERANCE_MS) return false;
    return signatures.includes(signWebhook(webhookSecret, id, timestamp, rawBody));
  }

  /** An organization's integrations; ScalekitOrgNotFoundError when Scalekit does not have it. */
  private integrationsOf(orgId: string) {
    const found = this.integrations.get(orgId);
    if (!found) throw new ScalekitOrgNotFoundError(orgId);
    return found;
  }

  /** Fails the call as Scalekit would when it is down, or as the test asked. */
  private answer(call: ScalekitCall): void {
    if (this.unavailable) throw new ScalekitUnavailableError(`Scalekit is unavailable (${call}: Unavailable)`);
    const failure = this.nextFailures.get(call);
    if (!failure) return;
    if (failure.after > 0) {
      failure.after--;
      return;
    }
    this.nextFailures.delete(call);
    throw typeof failure.error === 'function' ? failure.error() : failure.error;
  }
}
