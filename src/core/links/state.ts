import type { LinkRepository } from '../ports.js';
import type { FailedAttempt, IssuedLink, LinkOverview, LinkState, LinkSummary } from './link.js';

/**
 * The one rule for what a link is now, so the hosted page and the lists never disagree: a
 * failed attempt never worked; an issued link works until it is revoked (or replaced, which
 * revokes it), expires, or (with a cap) has minted its last portal session.
 */
export function linkState(link: Pick<IssuedLink, 'outcome' | 'revokedAt' | 'replacedBy' | 'expiresAt'> | Pick<FailedAttempt, 'outcome'>, now: Date, sessions: number, maxSessionsPerLink: number | undefined): LinkState {
  if (link.outcome === 'failed') return 'failed';
  if (link.revokedAt) return link.replacedBy ? 'replaced' : 'revoked';
  if (link.expiresAt <= now) return 'expired';
  if (maxSessionsPerLink !== undefined && sessions >= maxSessionsPerLink) return 'exhausted';
  return 'live';
}

/** What an issued link is now, counting its portal sessions only when there is a cap. */
export async function currentState(links: LinkRepository, link: IssuedLink, now: Date, maxSessionsPerLink: number | undefined): Promise<LinkState> {
  const sessions = maxSessionsPerLink === undefined ? 0 : await links.countEvents(link.id, 'session_minted');
  return linkState(link, now, sessions, maxSessionsPerLink);
}

export function overview(link: LinkSummary, now: Date, maxSessionsPerLink: number | undefined): LinkOverview {
  return { ...link, state: linkState(link, now, link.sessions, maxSessionsPerLink) };
}
