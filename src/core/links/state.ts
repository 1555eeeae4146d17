import type { LinkOverview, LinkRecord, LinkState, LinkSummary } from './link.js';

/**
 * The one rule for what a link is now, so the hosted page and the lists never disagree: a
 * failed attempt never worked; an issued link works until it is revoked, expires, or (with a
 * cap) has minted its last portal session.
 */
export function linkState(link: LinkRecord, now: Date, sessions: number, maxSessionsPerLink: number | undefined): LinkState {
  if (link.outcome === 'failed') return 'failed';
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt <= now) return 'expired';
  if (maxSessionsPerLink !== undefined && sessions >= maxSessionsPerLink) return 'exhausted';
  return 'live';
}

export function overview(link: LinkSummary, now: Date, maxSessionsPerLink: number | undefined): LinkOverview {
  return { ...link, state: linkState(link, now, link.sessions, maxSessionsPerLink) };
}
