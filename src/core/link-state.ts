import type { LinkRecord, LinkState, LinkSummary, LinkOverview } from './ports.js';

/** One rule for what a link is now, so the hosted page and the lists never disagree. */
export function linkState(
  link: Pick<LinkRecord, 'outcome' | 'revokedAt' | 'expiresAt'>,
  now: Date,
  sessions: number,
  maxSessionsPerLink: number | undefined,
): LinkState {
  if (link.outcome === 'failed') return 'failed';
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt && link.expiresAt <= now) return 'expired';
  if (maxSessionsPerLink !== undefined && sessions >= maxSessionsPerLink) return 'exhausted';
  return 'live';
}

export function overview(link: LinkSummary, now: Date, maxSessionsPerLink: number | undefined): LinkOverview {
  return { ...link, state: linkState(link, now, link.sessions, maxSessionsPerLink) };
}
