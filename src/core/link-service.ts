import type { AccessPolicy } from './access.js';
import { LINK_TTL_RANGE, MAX_LINK_TTL_MS, MIN_LINK_TTL_MS } from './duration.js';
import { errorMessage, UserFacingError } from './errors.js';
import type { OrgResolver, ResolvedOrg } from './org-resolver.js';
import { overview } from './link-state.js';
import type { Database, LinkKind, LinkOverview, LinkRecord, NewLink, PortalLink, ScalekitPort } from './ports.js';
import { ScalekitOrgNotFoundError, ScalekitUnavailableError } from './ports.js';
import { newLinkId, newLinkToken } from './tokens.js';

/** Notes travel with the audit record; long enough for context, short enough for a list. */
export const MAX_NOTE_LENGTH = 500;

export interface Issuer {
  userId: string;
  userName: string;
  teamId: string;
  channelId: string | null;
}

export interface IssueRequest {
  issuer: Issuer;
  orgQuery: string | undefined;
  kind: LinkKind;
  ttlMs?: number;
  idp: string | null;
  note: string | null;
}

export interface IssuedLink {
  linkId: string;
  kind: LinkKind;
  url: string;
  expiresAt: Date;
  org: ResolvedOrg;
}

export interface LinkServiceOptions {
  db: Database;
  scalekit: ScalekitPort;
  resolver: OrgResolver;
  access: AccessPolicy;
  publicBaseUrl: string;
  defaultTtlMs: number;
  /** For the state of listed links (see HostedLinks). */
  maxSessionsPerLink?: number;
  now?: () => Date;
}

/**
 * The life cycle of a setup link: issue, list, revoke (HostedLinks serves them afterwards).
 * Every attempt is written to the audit trail before anything is shown.
 */
export class LinkService {
  private readonly now: () => Date;

  constructor(private readonly options: LinkServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Issues a link, or records the failed attempt and throws a UserFacingError saying why. */
  async issue(request: IssueRequest): Promise<IssuedLink> {
    // Every way in (command, form) checks these first and says so on the spot; this is the rule.
    if (request.note && request.note.length > MAX_NOTE_LENGTH) {
      throw new UserFacingError(`The note is ${request.note.length} characters long; keep it under ${MAX_NOTE_LENGTH}.`);
    }
    if (request.ttlMs !== undefined && (request.ttlMs < MIN_LINK_TTL_MS || request.ttlMs > MAX_LINK_TTL_MS)) {
      throw new UserFacingError(`A link's lifetime must be ${LINK_TTL_RANGE}.`);
    }
    const createdAt = this.now();
    const attempt: NewLink = {
      id: newLinkId(),
      kind: request.kind,
      outcome: 'failed',
      failureReason: null,
      teamId: request.issuer.teamId,
      channelId: request.issuer.channelId,
      issuerId: request.issuer.userId,
      issuerName: request.issuer.userName,
      orgQuery: request.orgQuery ?? '',
      orgId: null,
      orgName: null,
      tokenHash: null,
      scalekitLinkId: null,
      idp: request.idp,
      note: request.note,
      expiresAt: null,
      createdAt,
    };

    if (!(await this.options.access.canIssue(request.issuer.userId))) {
      const refusal = new UserFacingError(
        "You aren't allowed to issue SSO setup links. Ask an admin to add you (or a user group you're in) to `SSO_PORTAL_ISSUERS`.",
      );
      await this.recordFailure(attempt, new Error('not authorized to issue'));
      throw refusal;
    }

    let org: ResolvedOrg;
    try {
      org = await this.options.resolver.resolve(request.orgQuery, request.issuer);
    } catch (error) {
      await this.recordFailure(attempt, error);
      throw scalekitTrouble(error);
    }
    Object.assign(attempt, { orgId: org.id, orgName: org.displayName });

    if (request.kind === 'direct') {
      let portal: PortalLink;
      try {
        portal = await this.options.scalekit.generatePortalLink(org.id);
      } catch (error) {
        await this.recordFailure(attempt, error);
        throw scalekitTrouble(error);
      }
      await this.options.db.links.create({
        ...attempt,
        outcome: 'issued',
        scalekitLinkId: portal.id,
        expiresAt: portal.expiresAt,
      });
      return { linkId: attempt.id, kind: 'direct', url: portal.location, expiresAt: portal.expiresAt, org };
    }

    const { token, tokenHash } = newLinkToken();
    const expiresAt = new Date(createdAt.getTime() + (request.ttlMs ?? this.options.defaultTtlMs));
    await this.options.db.links.create({ ...attempt, outcome: 'issued', tokenHash, expiresAt });
    return { linkId: attempt.id, kind: 'hosted', url: `${this.options.publicBaseUrl}/p/${token}`, expiresAt, org };
  }

  /**
   * The last links for a customer (`orgQuery`, resolved like an issue request), or else the
   * links `userId` issued. Issuers and admins only: the trail names customers and colleagues.
   */
  async recent(
    userId: string,
    orgQuery: string | undefined,
    where: { teamId: string; channelId: string | null },
    limit = 10,
  ): Promise<{ org: ResolvedOrg | null; links: LinkOverview[] }> {
    if (!(await this.options.access.canIssue(userId))) {
      throw new UserFacingError("You aren't allowed to see issued links: only issuers and admins are.");
    }
    const org = orgQuery ? await this.options.resolver.resolve(orgQuery, where) : null;
    const links = await this.options.db.links.recent(org ? { orgId: org.id, limit } : { issuerId: userId, limit });
    const now = this.now();
    return { org, links: links.map((link) => overview(link, now, this.options.maxSessionsPerLink)) };
  }

  /** Revokes a hosted link; only its issuer or an admin may. */
  async revoke(linkId: string, userId: string): Promise<LinkRecord> {
    const link = await this.options.db.links.findById(linkId);
    if (!link || link.outcome !== 'issued') throw new UserFacingError(`There is no issued link \`${linkId}\`.`);
    if (link.issuerId !== userId && !(await this.options.access.isAdmin(userId))) {
      throw new UserFacingError(`Only <@${link.issuerId}>, who issued \`${linkId}\`, or an admin can revoke it.`);
    }
    if (link.kind === 'direct') {
      throw new UserFacingError(`\`${linkId}\` is a direct Scalekit link: it works once and expires by itself, so there is nothing to revoke.`);
    }
    if (!(await this.options.db.links.revoke({ linkId, by: userId, at: this.now() }))) {
      throw new UserFacingError(`\`${linkId}\` was already revoked.`);
    }
    return link;
  }

  private async recordFailure(attempt: NewLink, error: unknown): Promise<void> {
    await this.options.db.links.create({ ...attempt, outcome: 'failed', failureReason: errorMessage(error) });
  }
}

/** Scalekit problems as the CSM should read them; anything else stays a bug. */
function scalekitTrouble(error: unknown): unknown {
  if (error instanceof ScalekitUnavailableError) {
    return new UserFacingError('Scalekit is not answering right now, so no link was issued. Please try again in a minute.');
  }
  if (error instanceof ScalekitOrgNotFoundError) {
    return new UserFacingError(
      `Scalekit no longer has the organization \`${error.orgId}\`, so no link was issued. An admin may need to map the customer again.`,
    );
  }
  return error;
}
