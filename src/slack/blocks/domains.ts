import type { DomainStatus, OrgDomain } from '../../core/ports.js';
import type { DomainsView } from '../../core/setup-status.js';
import { code } from './mrkdwn.js';

/** A domain's verification, in words. */
export const DOMAIN_STATUS_TEXT: Record<DomainStatus, string> = {
  PENDING: ':hourglass_flowing_sand: waiting for verification (its DNS record)',
  VERIFIED: ':white_check_mark: verified',
  AUTO_VERIFIED: ':white_check_mark: verified automatically',
  FAILED: ':x: verification failed',
  UNKNOWN: ':grey_question: verification unknown',
};

export function domainLine(domain: string, status: DomainStatus): string {
  return `• ${code(domain)} · ${DOMAIN_STATUS_TEXT[status]}`;
}

/** `status`: the customer's domains, or why Scalekit did not list them. */
export function domainsText(view: DomainsView): string {
  const lines = (domains: OrgDomain[]) => (domains.length ? domains.map((d) => domainLine(d.domain, d.status)).join('\n') : 'None yet.');
  if (view.state === 'ok') return `*Domains*\n${lines(view.domains)}`;
  return `*Domains*\n${view.state === 'unavailable' ? 'Scalekit did not answer, so they are missing here.' : 'None: Scalekit no longer has the organization.'}`;
}
