// The ScalekitPort held in memory, answering as the adapter over the SDK does: an organization
// it does not know is `null` on look-up and ScalekitOrgNotFoundError on calls about it; an
// outage is ScalekitUnavailableError on every call.
import { signWebhook } from '../../emulators/scalekit/webhooks.js';
import { ScalekitOrgNotFoundError, ScalekitUnavailableError } from '../../src/core/ports.js';
import type { OrgIntegration, PortalLink, ScalekitOrg, ScalekitPort } from '../../src/core/ports.js';

/** Scalekit's portal links die a minute after issue if not opened. */
const PORTAL_LINK_LIFETIME_MS = 60_000;
/** How far a webhook's timestamp may be from now, either way (the SDK's tolerance). */
const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

export interface InMemoryScalekitOptions {
  orgs?: readonly ScalekitOrg[];
  /** `whsec_…`; without it no webhook verifies, as with the adapter. */
  webhookSecret?: string;
  now?: () => Date;
}

export class InMemoryScalekit implements ScalekitPort {
  private readonly orgs = new Map<string, ScalekitOrg>();
  private readonly integrations = new Map<string, { connections: OrgIntegration[]; directories: OrgIntegration[] }>();
  private readonly now: () => Date;
  /** When set, every call fails as if Scalekit could not be reached. */
  unavailable = false;
  /** Every portal link handed out, oldest first. */
  readonly portalLinks: PortalLink[] = [];

  constructor(private readonly options: InMemoryScalekitOptions = {}) {
    this.now = options.now ?? (() => new Date());
    for (const org of options.orgs ?? []) this.addOrg(org);
  }

  addOrg(org: ScalekitOrg): void {
    this.orgs.set(org.id, { ...org });
    this.integrations.set(org.id, { connections: [], directories: [] });
  }

  /** The organization is gone from Scalekit (deleted, or another environment's). */
  removeOrg(orgId: string): void {
    this.orgs.delete(orgId);
    this.integrations.delete(orgId);
  }

  setConnections(orgId: string, connections: OrgIntegration[]): void {
    this.integrationsOf(orgId).connections = connections;
  }

  setDirectories(orgId: string, directories: OrgIntegration[]): void {
    this.integrationsOf(orgId).directories = directories;
  }

  async getOrganization(orgId: string): Promise<ScalekitOrg | null> {
    this.answer('get organization');
    const org = this.orgs.get(orgId);
    return org ? { ...org } : null;
  }

  async getOrganizationByExternalId(externalId: string): Promise<ScalekitOrg | null> {
    this.answer('get organization by external id');
    const org = [...this.orgs.values()].find((candidate) => externalId && candidate.externalId === externalId);
    return org ? { ...org } : null;
  }

  async generatePortalLink(orgId: string): Promise<PortalLink> {
    this.integrationsOf(orgId, 'generate portal link');
    const id = `plk_${this.portalLinks.length + 1}`;
    const link = { id, location: `https://scalekit.test/portal/${id}`, expiresAt: new Date(this.now().getTime() + PORTAL_LINK_LIFETIME_MS) };
    this.portalLinks.push(link);
    return { ...link };
  }

  async listConnections(orgId: string): Promise<OrgIntegration[]> {
    return structuredClone(this.integrationsOf(orgId, 'list connections').connections);
  }

  async listDirectories(orgId: string): Promise<OrgIntegration[]> {
    return structuredClone(this.integrationsOf(orgId, 'list directories').directories);
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

  /** An organization's integrations, failing as Scalekit would when it is down or the org is gone. */
  private integrationsOf(orgId: string, what?: string) {
    if (what) this.answer(what);
    const found = this.integrations.get(orgId);
    if (!found) throw new ScalekitOrgNotFoundError(orgId);
    return found;
  }

  private answer(what: string): void {
    if (this.unavailable) throw new ScalekitUnavailableError(`Scalekit is unavailable (${what}: Unavailable)`);
  }
}
