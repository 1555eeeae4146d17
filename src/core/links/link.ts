// What the bot records about a link: every attempt to issue one, and what happened to it after.
import type { LinkScope } from './scope.js';

export type LinkKind = 'hosted' | 'direct';

/** What every attempt records, issued or not. */
interface Attempt {
  /** `L-…`: short and readable, not a secret. */
  id: string;
  kind: LinkKind;
  teamId: string;
  channelId: string | null;
  issuerId: string;
  issuerName: string;
  /** The customer as the CSM named it (alias, `org_…`, `ext:…`, or empty for the channel's). */
  orgQuery: string;
  idp: string | null;
  note: string | null;
  /** What the portal offers through this link; rows from before scopes are `all`. */
  scope: LinkScope;
  createdAt: Date;
}

/** A link that left the bot. */
export interface IssuedLink extends Attempt {
  outcome: 'issued';
  orgId: string;
  orgName: string;
  /** Hosted links: SHA-256 of the token; never the token itself. Direct links: null. */
  tokenHash: string | null;
  /** Direct links: Scalekit's id for the single-use link. Hosted links: null. */
  scalekitLinkId: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  /** Where it was posted for everyone (`--post`), if it was: later news goes to that thread. */
  posted: { channelId: string; ts: string } | null;
  /** Set when a fresh link took its place (it was revoked in the same step): the fresh link's id. */
  replacedBy: string | null;
}

/** An attempt that was refused or failed: nothing left the bot. */
export interface FailedAttempt extends Attempt {
  outcome: 'failed';
  /** Why, for the audit trail. */
  failureReason: string;
  /** Set when the customer was resolved before the attempt failed. */
  orgId: string | null;
  orgName: string | null;
}

export type LinkRecord = IssuedLink | FailedAttempt;

/** An issued link as it is first written: never born revoked, replaced or posted. */
export type NewIssuedLink = Omit<IssuedLink, 'revokedAt' | 'revokedBy' | 'replacedBy' | 'posted'>;

/** A record as it is first written. */
export type NewLinkRecord = NewIssuedLink | FailedAttempt;

/** What happened to a link after issue: every kind of event recorded on a link. */
export const LINK_EVENT_TYPES = [
  'viewed',
  'session_minted',
  'session_failed',
  'revoked',
  'extended',
  'replaced',
  'copied',
  'refused_expired',
  'refused_revoked',
  'refused_replaced',
  'refused_exhausted',
  'portal_event',
  'issuer_notified',
  'reminded',
  'reminders_off',
] as const;

export type LinkEventType = (typeof LINK_EVENT_TYPES)[number];

export interface LinkEvent {
  linkId: string;
  type: LinkEventType;
  detail: string | null;
  actor: string | null;
  createdAt: Date;
}

/** How much a link was used, as the lists show it. */
export interface LinkUsage {
  views: number;
  sessions: number;
  /** Portal events the page reported (e.g. ORGANIZATION_SSO_ENABLED), oldest first, each once. */
  reportedEvents: string[];
  /** Parts of the setup the issuer was told are finished through this link (reported by the page or by Scalekit's webhooks). */
  partsFinished: number;
}

export type LinkSummary = LinkRecord & LinkUsage;

/** What a link is now: `live` links work; the others say why not. */
export const LINK_STATES = ['live', 'expired', 'revoked', 'replaced', 'exhausted', 'failed'] as const;
export type LinkState = (typeof LINK_STATES)[number];

/** The states of an issued link that no longer works. */
export type EndedState = Exclude<LinkState, 'live' | 'failed'>;

/** What a link's buttons offer its issuer or an admin. */
export type LinkButtonAction = 'extend' | 'replace' | 'revoke' | 'copy';

/** Everything people may do to an issued link: what its buttons offer, and stopping its reminders (from a reminder). */
export type LinkAction = LinkButtonAction | 'stop_reminders';

/** A link as the lists show it: its summary and its state now. */
export type LinkOverview = LinkSummary & { state: LinkState };

/** The detail of an `extended` event: the expiry before and after, so the trail shows both. */
export function extensionDetail(from: Date, to: Date): string {
  return `${from.toISOString()} → ${to.toISOString()}`;
}

/** The expiry an extension moved the link from (the first half of extensionDetail), or null. */
export function extendedFrom(detail: string | null): Date | null {
  const from = detail?.split(' → ')[0];
  const date = from ? new Date(from) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}
