// What the core needs of Scalekit (part of ports.ts, which re-exports it): organizations, their
// domains, portal links, connections and directories, and webhook signatures, with the errors
// that say why Scalekit did not do what was asked.
import type { LinkScope } from './links/scope.js';

export interface ScalekitOrg {
  id: string;
  displayName: string;
  externalId: string | null;
}

export interface PortalLink {
  /** Scalekit's id for the link (kept for audit). */
  id: string;
  /** The single-use Admin Portal URL. */
  location: string;
  expiresAt: Date;
}

/** Scalekit could not be reached or did not answer in time. Not found is `null`, not this. */
export class ScalekitUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScalekitUnavailableError';
  }
}

/** Scalekit no longer knows the organization (deleted, or mapped from another environment). */
export class ScalekitOrgNotFoundError extends Error {
  constructor(readonly orgId: string) {
    super(`Scalekit has no organization ${orgId}`);
    this.name = 'ScalekitOrgNotFoundError';
  }
}

/** Scalekit refused to create an organization with this external id: another organization has it. */
export class ScalekitExternalIdTakenError extends Error {
  constructor(readonly externalId: string) {
    super(`A Scalekit organization already has the external id ${externalId}`);
    this.name = 'ScalekitExternalIdTakenError';
  }
}

/** Scalekit refused to add the domain: an organization of the environment holds it already (another one, or this one). */
export class ScalekitDomainTakenError extends Error {
  constructor(readonly domain: string) {
    super(`Scalekit already has the domain ${domain}`);
    this.name = 'ScalekitDomainTakenError';
  }
}

/** Scalekit refused the domain itself: one it does not take from anyone (a public e-mail domain, a malformed name). */
export class ScalekitDomainRejectedError extends Error {
  constructor(readonly domain: string) {
    super(`Scalekit does not accept the domain ${domain}`);
    this.name = 'ScalekitDomainRejectedError';
  }
}

/** Where Scalekit is with checking that an organization owns a domain (the proto's VerificationStatus; UNKNOWN for a value it does not name). */
export const DOMAIN_STATUSES = ['PENDING', 'VERIFIED', 'FAILED', 'AUTO_VERIFIED', 'UNKNOWN'] as const;
export type DomainStatus = (typeof DOMAIN_STATUSES)[number];

/** A domain of an organization: users with e-mail addresses there sign in through its SSO. */
export interface OrgDomain {
  id: string;
  /** Lowercase, e.g. `acme.com`. */
  domain: string;
  status: DomainStatus;
}

/** An SSO connection or a directory of an organization, as Scalekit describes it. */
export interface OrgIntegration {
  id: string;
  /** Scalekit's provider name, e.g. `OKTA`, `MICROSOFT_AD`. */
  provider: string;
  /** `SAML` / `OIDC` for connections, `SCIM` / `LDAP` for directories. */
  type: string;
  /** Scalekit's configuration status, e.g. `DRAFT`, `IN_PROGRESS`, `COMPLETED`. */
  status: string;
  enabled: boolean;
}

export interface ScalekitPort {
  getOrganization(orgId: string): Promise<ScalekitOrg | null>;
  getOrganizationByExternalId(externalId: string): Promise<ScalekitOrg | null>;
  /** A portal link offering the parts of `scope` only. Throws ScalekitOrgNotFoundError or ScalekitUnavailableError. */
  generatePortalLink(orgId: string, scope: LinkScope): Promise<PortalLink>;
  /** The organization's SSO connections. Throws ScalekitOrgNotFoundError or ScalekitUnavailableError. */
  listConnections(orgId: string): Promise<OrgIntegration[]>;
  /** The organization's directories (SCIM, ...). Throws ScalekitOrgNotFoundError or ScalekitUnavailableError. */
  listDirectories(orgId: string): Promise<OrgIntegration[]>;
  /** A new organization. Throws ScalekitExternalIdTakenError or ScalekitUnavailableError. */
  createOrganization(displayName: string, options: { externalId?: string }): Promise<ScalekitOrg>;
  /**
   * Adds a domain (one that routes SSO) to the organization, pending verification. Throws
   * ScalekitDomainTakenError, ScalekitDomainRejectedError, ScalekitOrgNotFoundError or ScalekitUnavailableError.
   */
  createDomain(orgId: string, domain: string): Promise<OrgDomain>;
  /** The organization's domains, oldest first. Throws ScalekitOrgNotFoundError or ScalekitUnavailableError. */
  listDomains(orgId: string): Promise<OrgDomain[]>;
  /**
   * Whether a webhook request was signed with our webhook secret, recently (Scalekit allows 5
   * minutes). Always false when no secret is configured.
   */
  verifyWebhook(headers: Record<string, string>, rawBody: string): boolean;
}
