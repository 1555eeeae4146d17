/**
 * Why the bot said no to a request. Each edge words these for its own readers (Slack, the
 * terminal); the core never does.
 */
export type Refusal =
  | { reason: 'not_allowed'; to: 'issue' | 'see_links' | 'see_status' | 'manage_mappings' }
  /** No customer named, and none mapped to the channel. */
  | { reason: 'no_customer_for_channel' }
  | { reason: 'unknown_alias'; alias: string; nearMatches: string[] }
  /** Scalekit has no organization with this id or external id. */
  | { reason: 'unknown_org'; query: string }
  | { reason: 'missing_external_id' }
  | { reason: 'not_an_org_reference'; reference: string }
  | { reason: 'invalid_alias'; alias: string }
  | { reason: 'not_mapped'; alias: string }
  | { reason: 'no_such_link'; linkId: string }
  | { reason: 'not_the_issuer'; linkId: string; issuerId: string }
  | { reason: 'not_the_issuer_to_stop_reminders'; linkId: string; issuerId: string }
  | { reason: 'direct_link_not_revocable'; linkId: string }
  | { reason: 'already_revoked'; linkId: string };

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
