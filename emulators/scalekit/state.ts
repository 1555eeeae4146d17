// What the fake Scalekit environment knows and has seen: organizations and their domains, access
// tokens, portal links and sessions, what IT admins configured, and the record of calls and portal
// events that tests read back. The gRPC services, the portal routes and the control API all work on one of these.

import { randomBytes } from 'node:crypto';
import type { Code } from '@connectrpc/connect';

export interface FakeOrg {
  id: string;
  displayName: string;
  externalId?: string;
}

export interface FakeCall {
  /** RPC name without the service, e.g. `GetOrganization`. */
  method: string;
  /** `OrganizationService`, `ConnectionService`, ... */
  service: string;
  /** The request message in protobuf JSON form, e.g. `{ "id": "org_1" }` or `{ "externalId": "x" }`. */
  request: Record<string, unknown>;
}

/** A domain's verification state, named as in the proto's `VerificationStatus` enum. */
export type FakeDomainStatus = 'PENDING' | 'VERIFIED' | 'FAILED' | 'AUTO_VERIFIED';

/** What a domain is for, named as in the proto's `DomainType` enum. */
export type FakeDomainType = 'ORGANIZATION_DOMAIN' | 'ALLOWED_EMAIL_DOMAIN';

/** A domain an organization holds: no two organizations of the environment hold the same one. */
export interface FakeDomain {
  /** `domain_…` */
  id: string;
  orgId: string;
  /** Lowercase, e.g. `acme.com`. */
  domain: string;
  domainType: FakeDomainType;
  /** PENDING when added (it waits for its DNS record); `setDomainStatus` moves it on. */
  status: FakeDomainStatus;
  createdAt: Date;
}

/** A part of the portal a link may be limited to, named as in the proto's `Feature` enum. */
export type PortalFeature = 'sso' | 'dir_sync';

export interface FakePortalLink {
  id: string;
  orgId: string;
  /** The `features` the link was asked with; none means the whole portal. */
  features: PortalFeature[];
  location: string;
  expiresAt: Date;
  issuedAt: Date;
  /** Every `GET /portal/<id>` of this link, including refused ones (used or expired → 410). */
  opens: number;
  /** When the link was opened (its one successful GET); null while unused. */
  openedAt: Date | null;
}

/** The portal session a link's first GET opened. */
export interface FakePortalSession {
  /** Opaque token the page sends back as `x-portal-session` on its action POSTs. */
  id: string;
  linkId: string;
  orgId: string;
  openedAt: Date;
  /** `openedAt` + portalSessionTtlMs (6 h). */
  expiresAt: Date;
  /** Set by the `expire-session` / `load-failure` actions; later actions answer 410 `session_expired`. */
  endedAt: Date | null;
}

/** Something the portal reported to its embedding page (postMessage), recorded by the server. */
export interface FakePortalEvent {
  linkId: string;
  orgId: string;
  /** `PORTAL_LOAD_SUCCESS`, `ORGANIZATION_SSO_ENABLED`, ... or `SSO_CONFIGURED` for the legacy message. */
  eventType: string;
  at: Date;
  /** The exact message posted to `window.parent`. */
  message: Record<string, unknown>;
}

/** An SSO connection or a directory an IT admin configured in the portal. */
export interface Configured {
  id: string;
  createdAt: Date;
}

export interface InjectedFailure {
  code: Code;
  message: string | undefined;
}

export const newId = (prefix: string): string => `${prefix}_${randomBytes(9).toString('hex')}`;

export class ScalekitState {
  readonly orgs = new Map<string, FakeOrg>();
  /** Every organization's domains, oldest first. */
  readonly domains: FakeDomain[] = [];
  readonly tokens = new Set<string>();
  readonly calls: FakeCall[] = [];
  readonly portalLinks: FakePortalLink[] = [];
  readonly portalSessions: FakePortalSession[] = [];
  readonly portalEvents: FakePortalEvent[] = [];
  /** What the IT admin configured in the portal, per org (also served by ListConnections/ListDirectories). */
  readonly ssoConnections = new Map<string, Configured>();
  readonly directories = new Map<string, Configured>();
  readonly oneShotFailures: Array<InjectedFailure & { method: string; after: number }> = [];
  persistentFailure: InjectedFailure | null = null;
  delayMs = 0;
  tokenRequests = 0;
  unauthenticatedCalls = 0;
  /** Known once the port is bound; portal links and directory endpoints point here. */
  baseUrl = '';
  private readonly created = new Map<string, Date>();

  constructor(
    orgs: FakeOrg[],
    private readonly linkTtlMs: number,
    private readonly sessionTtlMs: number,
  ) {
    for (const org of orgs) this.addOrg(org);
  }

  addOrg(org: FakeOrg): void {
    this.orgs.set(org.id, { ...org });
  }

  /** The organization holding `domain` (any case), if one does. */
  domainHeld(domain: string): FakeDomain | undefined {
    const wanted = domain.toLowerCase();
    return this.domains.find((held) => held.domain === wanted);
  }

  addDomain(orgId: string, domain: string, domainType: FakeDomainType, status: FakeDomainStatus = 'PENDING'): FakeDomain {
    const added: FakeDomain = { id: newId('domain'), orgId, domain: domain.toLowerCase(), domainType, status, createdAt: new Date() };
    this.domains.push(added);
    return added;
  }

  /** The organization and its domains are gone. */
  removeOrg(orgId: string): boolean {
    const domains = this.domains.filter((held) => held.orgId !== orgId);
    this.domains.splice(0, this.domains.length, ...domains);
    return this.orgs.delete(orgId);
  }

  /** When the org was first served: its createTime and updateTime stay put from then on. */
  createdAt(orgId: string): Date {
    const createdAt = this.created.get(orgId) ?? new Date();
    this.created.set(orgId, createdAt);
    return createdAt;
  }

  issueToken(): string {
    const token = `fake_at_${randomBytes(16).toString('hex')}`;
    this.tokens.add(token);
    return token;
  }

  issuePortalLink(orgId: string, features: PortalFeature[]): FakePortalLink {
    const id = newId('lnk');
    const issuedAt = new Date();
    const link: FakePortalLink = {
      id,
      orgId,
      features,
      location: `${this.baseUrl}/portal/${id}`,
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + this.linkTtlMs),
      opens: 0,
      openedAt: null,
    };
    this.portalLinks.push(link);
    return link;
  }

  /** Whether the link's portal offers `feature`: asked for, or no features asked (the whole portal). */
  offers(link: FakePortalLink, feature: PortalFeature): boolean {
    return link.features.length === 0 || link.features.includes(feature);
  }

  openPortalSession(link: FakePortalLink, now: Date): FakePortalSession {
    link.openedAt = now;
    const session: FakePortalSession = {
      id: `ps_${randomBytes(24).toString('base64url')}`,
      linkId: link.id,
      orgId: link.orgId,
      openedAt: now,
      expiresAt: new Date(now.getTime() + this.sessionTtlMs),
      endedAt: null,
    };
    this.portalSessions.push(session);
    return session;
  }

  configureSso(orgId: string): Configured {
    return configure(this.ssoConnections, orgId, 'conn');
  }

  configureDirectory(orgId: string): Configured {
    return configure(this.directories, orgId, 'dir');
  }

  /** Clears calls, counters, failures, delay and portal events (not orgs, tokens, links or sessions). */
  reset(): void {
    this.calls.length = 0;
    this.oneShotFailures.length = 0;
    this.persistentFailure = null;
    this.delayMs = 0;
    this.tokenRequests = 0;
    this.unauthenticatedCalls = 0;
    this.portalEvents.length = 0;
  }
}

/** Created the first time; configuring again reuses it (same id). */
function configure(configured: Map<string, Configured>, orgId: string, prefix: string): Configured {
  const existing = configured.get(orgId) ?? { id: newId(prefix), createdAt: new Date() };
  configured.set(orgId, existing);
  return existing;
}
