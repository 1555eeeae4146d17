import type { AccessPolicy } from '../access.js';
import { beforeDeadline } from '../deadline.js';
import { errorMessage, Refused } from '../errors.js';
import type { OrgResolver, ResolvedOrg } from '../org-resolver.js';
import type { Database, PortalLink, ScalekitPort, SlackDirectory } from '../ports.js';
import type { FailedAttempt, LinkKind } from './link.js';
import type { LinkRequest } from './options.js';
import { newLinkId, newLinkToken } from './tokens.js';

export interface Issuer {
  userId: string;
  teamId: string;
  channelId: string | null;
}

/** A link that was just issued, with what only its issuer gets to see: its URL. */
export interface NewLink {
  linkId: string;
  kind: LinkKind;
  url: string;
  createdAt: Date;
  expiresAt: Date;
  org: ResolvedOrg;
}

export interface LinkIssuerOptions {
  db: Database;
  scalekit: ScalekitPort;
  resolver: OrgResolver;
  access: AccessPolicy;
  /** The issuer's name, for the audit trail. */
  directory: SlackDirectory;
  /** Where the hosted page of a token is served (the web edge knows its route). */
  hostedPageUrl: (token: string) => string;
  defaultTtlMs: number;
  now: () => Date;
  /** Aborts when the bot's shutdown grace is over: an issue still waiting then fails, and says so in its record. */
  deadline?: AbortSignal;
}

/**
 * Issuing: every attempt is written to the audit trail before anything is shown, and a refusal
 * or failure is recorded before it is raised. Past the shutdown's deadline, a step still waiting
 * (on Slack or Scalekit) fails the attempt; the final write is never cut off, so a link that was
 * written is shown, and one that was not leaves a failed row.
 */
export class LinkIssuer {
  constructor(private readonly options: LinkIssuerOptions) {}

  /** Issues a link, or records the failed attempt and throws (Refused, or Scalekit's trouble). */
  async issue(issuer: Issuer, request: LinkRequest): Promise<NewLink> {
    const { db, scalekit, resolver, access, directory, deadline } = this.options;
    const createdAt = this.options.now();
    // Only a label in the record: past the deadline, the id stands in (and the next step fails the attempt).
    const issuerName = await beforeDeadline(directory.userName(issuer.userId), deadline).catch(() => issuer.userId);
    const attempt = {
      id: newLinkId(),
      kind: request.kind,
      teamId: issuer.teamId,
      channelId: issuer.channelId,
      issuerId: issuer.userId,
      issuerName,
      orgQuery: request.customer ?? '',
      idp: request.idp?.key ?? null,
      note: request.note,
      scope: request.scope,
      createdAt,
    };
    let org: ResolvedOrg | null = null;
    const fail = async (error: unknown): Promise<never> => {
      const failed: FailedAttempt = {
        ...attempt,
        outcome: 'failed',
        failureReason: auditReason(error),
        orgId: org?.id ?? null,
        orgName: org?.displayName ?? null,
      };
      await db.links.create(failed);
      throw error;
    };

    /** A step before the write: its failure, or the deadline passing first, fails the attempt. */
    const step = <T>(work: Promise<T>): Promise<T> => beforeDeadline(work, deadline).catch(fail);

    if (!(await step(access.canIssue(issuer.userId)))) await fail(new Refused({ reason: 'not_allowed', to: 'issue' }));
    org = await step(resolver.resolve(request.customer, issuer));
    const issued = { ...attempt, outcome: 'issued' as const, orgId: org.id, orgName: org.displayName };

    if (request.kind === 'direct') {
      const portal: PortalLink = await step(scalekit.generatePortalLink(org.id, request.scope));
      await db.links.create({ ...issued, tokenHash: null, scalekitLinkId: portal.id, expiresAt: portal.expiresAt }).catch(fail);
      return { linkId: attempt.id, kind: 'direct', url: portal.location, createdAt, expiresAt: portal.expiresAt, org };
    }
    const { token, tokenHash } = newLinkToken();
    const expiresAt = new Date(createdAt.getTime() + (request.ttlMs ?? this.options.defaultTtlMs));
    await db.links.create({ ...issued, tokenHash, scalekitLinkId: null, expiresAt }).catch(fail);
    return { linkId: attempt.id, kind: 'hosted', url: this.options.hostedPageUrl(token), createdAt, expiresAt, org };
  }

  /** Remembers where a link was posted for everyone, so that later news about it goes to that thread. */
  async posted(linkId: string, where: { channelId: string; ts: string }): Promise<void> {
    await this.options.db.links.recordPost({ linkId, ...where });
  }
}

/**
 * Why an attempt failed, as the audit trail keeps it: a stable phrase per refusal (the first
 * predates the others and is in stored rows), or Scalekit's or the database's error.
 */
function auditReason(error: unknown): string {
  if (!(error instanceof Refused)) return errorMessage(error);
  const { refusal } = error;
  switch (refusal.reason) {
    case 'not_allowed':
      return 'not authorized to issue';
    case 'unknown_alias':
      return `no customer is mapped as ${refusal.alias}`;
    case 'unknown_org':
      return `Scalekit has no organization ${refusal.query}`;
    case 'no_customer_for_channel':
      return 'no customer named, and none mapped to the channel';
    case 'missing_external_id':
      return 'no external id after ext:';
    default:
      // Issuing raises no other refusal; should one appear, its reason code is still a fact.
      return refusal.reason;
  }
}
