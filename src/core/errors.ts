import type { EndedState, LinkAction } from './links/link.js';

/**
 * Why the bot said no to a request. Each edge words these for its own readers (Slack, the
 * terminal); the core never does.
 */
export type Refusal =
  | { reason: 'not_allowed'; to: 'issue' | 'see_links' | 'see_status' | 'manage_mappings' | 'add_customers' | 'audit' }
  /** No customer named, and none mapped to the channel. */
  | { reason: 'no_customer_for_channel' }
  | { reason: 'unknown_alias'; alias: string; nearMatches: string[] }
  /** Scalekit has no organization with this id or external id. */
  | { reason: 'unknown_org'; query: string }
  | { reason: 'missing_external_id' }
  | { reason: 'not_an_org_reference'; reference: string }
  | { reason: 'invalid_alias'; alias: string }
  | { reason: 'not_mapped'; alias: string }
  /** A new customer's alias (given, or `fromName`) already names another organization. */
  | { reason: 'alias_taken'; alias: string; fromName: boolean; orgId: string; displayName: string }
  | { reason: 'no_such_link'; linkId: string }
  | { reason: 'not_the_issuer'; linkId: string; issuerId: string; action: LinkAction }
  /** A direct link works once and dies within a minute by itself: nothing can be done to it. */
  | { reason: 'direct_link'; linkId: string; action: LinkAction }
  | { reason: 'already_revoked'; linkId: string }
  /** The link's state does not take the action (copying an expired link, extending a replaced one). */
  | { reason: 'link_state'; linkId: string; action: LinkAction; state: EndedState; replacedBy: string | null }
  /** Extending would not make the link live longer than it already does. */
  | { reason: 'already_lives_longer'; linkId: string; expiresAt: Date }
  /** The link already lives until the furthest it may. */
  | { reason: 'extension_limit'; linkId: string; limit: Date }
  /** Someone else revoked, replaced or extended the link while this action was under way. */
  | { reason: 'changed_meanwhile'; linkId: string; action: LinkAction }
  /** An audit from a moment to one that is not later. */
  | { reason: 'empty_range'; since: Date; until: Date }
  /** The address a button carried back is not this link's (forged, or from before PUBLIC_BASE_URL changed). */
  | { reason: 'not_this_links_address'; linkId: string };

/** An expected refusal (unknown customer, not allowed, ...): the edge tells the person why. */
export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(`refused: ${refusal.reason}`);
    this.name = 'Refused';
  }
}

/** An error's message for the audit trail, bounded in size. */
export function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
