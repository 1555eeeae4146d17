// What people may do to a link after issue (extend, replace, revoke, copy for the customer, stop
// its reminders), and
// the one rule for who may: its issuer or an admin. Commands and buttons alike go through here.
import type { AccessPolicy } from '../access.js';
import { Refused } from '../errors.js';
import type { Database } from '../ports.js';
import type { EndedState, IssuedLink, LinkAction, LinkButtonAction, LinkState } from './link.js';
import { LINK_TTL_BOUNDS, controlCharacterIn } from './options.js';
import { currentState } from './state.js';
import { isHostedPageOf } from './tokens.js';

const ACTIONS: readonly LinkButtonAction[] = ['extend', 'replace', 'revoke', 'copy'];

/** What the use cases that act on an issued link need. */
export interface LinkActionOptions {
  db: Database;
  access: AccessPolicy;
  /** Where the hosted page of a token is served (the web edge knows its route). */
  hostedPageUrl: (token: string) => string;
  /** Portal sessions one link may mint; unlimited when unset. */
  maxSessionsPerLink?: number;
  now: () => Date;
}

/**
 * Every action takes a live link; these are the ended states in which each still means
 * something. In the others it is refused, and no button offers it.
 */
const ALSO_TAKES: Record<LinkAction, readonly EndedState[]> = {
  // An expired link may be extended back to life (the customer came back late), within the limit.
  extend: ['expired'],
  // A fresh token helps a link that expired or used up its portal sessions as much as a live one.
  replace: ['expired', 'exhausted'],
  // Revoking an expired link keeps anyone from extending it back to life.
  revoke: ['expired', 'exhausted'],
  copy: [],
  // A reminder about a link that has since ended is still a reminder someone may want to stop.
  stop_reminders: ['expired', 'exhausted', 'revoked', 'replaced'],
};

// An issued link is never `failed`: nothing takes that state.
const takes = (action: LinkAction, state: LinkState): boolean =>
  state === 'live' || (state !== 'failed' && ALSO_TAKES[action].includes(state));

/** Actions that hand out access for longer or anew: only people who may issue may take them. */
const GRANTS_ACCESS: ReadonlySet<LinkAction> = new Set(['extend', 'replace']);

/**
 * The furthest a link may be extended: one token never works longer after its issue than the
 * longest lifetime a link can be issued with. Past that, Replace hands out a fresh token.
 */
export function extensionLimit(link: Pick<IssuedLink, 'createdAt'>): Date {
  return new Date(link.createdAt.getTime() + LINK_TTL_BOUNDS.maxMs);
}

/** What its issuer or an admin may do to a link in its state now: the buttons that go with it. */
export function actionsFor(link: Pick<IssuedLink, 'kind' | 'createdAt' | 'expiresAt'>, state: LinkState): LinkButtonAction[] {
  if (link.kind !== 'hosted') return [];
  return ACTIONS.filter((action) => takes(action, state) && (action !== 'extend' || link.expiresAt < extensionLimit(link)));
}

/**
 * The issued hosted link `linkId`, if `userId` may take `action` on it: its issuer or an admin
 * (and, to extend or replace, someone who may issue). Whose link it is comes first: someone else
 * learns only that it is not theirs, not what kind of link it is.
 */
export async function linkToActOn(db: Database, access: AccessPolicy, linkId: string, userId: string, action: LinkAction): Promise<IssuedLink> {
  // An id from a button can be anything a forged request says; no link id has a control character.
  const link = controlCharacterIn(linkId) === undefined ? await db.links.findById(linkId) : null;
  if (!link || link.outcome !== 'issued') throw new Refused({ reason: 'no_such_link', linkId });
  if (link.issuerId !== userId && !(await access.isAdmin(userId))) {
    throw new Refused({ reason: 'not_the_issuer', linkId, issuerId: link.issuerId, action });
  }
  if (GRANTS_ACCESS.has(action) && !(await access.canIssue(userId))) throw new Refused({ reason: 'not_allowed', to: 'issue' });
  if (link.kind === 'direct') throw new Refused({ reason: 'direct_link', linkId, action });
  return link;
}

/** Refuses `action` unless the link's state now takes it. */
export async function requireState(options: Pick<LinkActionOptions, 'db' | 'maxSessionsPerLink'>, link: IssuedLink, now: Date, action: LinkAction): Promise<void> {
  const state = await currentState(options.db.links, link, now, options.maxSessionsPerLink);
  // `live` and `failed` are named again only so that the refusal's type knows the state ended.
  if (state === 'live' || state === 'failed' || takes(action, state)) return;
  throw new Refused({ reason: 'link_state', linkId: link.id, action, state, replacedBy: link.replacedBy });
}

/**
 * Refuses unless `shownUrl`, an address a button carried back from the message that showed it,
 * is this link's: only then may it be shown again (a forged one could point anywhere).
 */
export function requireOwnAddress(link: IssuedLink, shownUrl: string, hostedPageUrl: (token: string) => string): void {
  if (!isHostedPageOf(shownUrl, link.tokenHash, hostedPageUrl)) throw new Refused({ reason: 'not_this_links_address', linkId: link.id });
}
