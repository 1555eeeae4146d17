import { describe, expect, it } from 'vitest';
import { finishedSetup, largestFirst, LinkTally } from '../../../src/core/audit/tally.js';
import type { LinkState, LinkSummary } from '../../../src/core/links/link.js';
import { failedAttempt, newLink } from '../../helpers/fixtures.js';

const usage = { views: 0, sessions: 0, reportedEvents: [] as string[], partsFinished: 0 };
const issued = (id: string, orgId: string, orgName: string, extra: Partial<LinkSummary> = {}): LinkSummary =>
  ({ ...newLink({ id, orgId, orgName }), revokedAt: null, revokedBy: null, replacedBy: null, posted: null, ...usage, ...extra }) as LinkSummary;

describe('LinkTally', () => {
  it('counts links in all, per customer and per issuer: issued, failed, revoked, setups finished', () => {
    const page: Array<{ link: LinkSummary; state: LinkState }> = [
      { link: issued('L-1', 'org_a', 'Acme (new name)', { reportedEvents: ['PORTAL_LOAD_SUCCESS', 'ORGANIZATION_SSO_ENABLED'] }), state: 'live' },
      { link: issued('L-2', 'org_a', 'Acme'), state: 'revoked' },
      { link: issued('L-3', 'org_b', 'Beta'), state: 'replaced' },
      { link: { ...failedAttempt({ id: 'L-4', failureReason: 'unknown customer' }), ...usage }, state: 'failed' },
    ];
    const tally = new LinkTally();
    tally.add(page);
    expect(tally.all).toEqual({ links: 4, issued: 3, failed: 1, revoked: 1, setupsFinished: 1 });
    expect(tally.byOrg.get('org_a')).toEqual({ id: 'org_a', name: 'Acme (new name)', links: 2, issued: 2, failed: 0, revoked: 1, setupsFinished: 1 });
    expect(tally.byOrg.get(null)).toMatchObject({ links: 1, failed: 1 });
    expect(largestFirst(tally.byOrg.values()).map((group) => group.id)).toEqual(['org_a', null, 'org_b']);
    expect([...tally.byState]).toEqual([['live', 1], ['revoked', 1], ['replaced', 1], ['failed', 1]]);
  });

  it('counts a setup as finished only for an event that completes a part', () => {
    expect(finishedSetup(issued('L-1', 'o', 'O', { reportedEvents: ['ORGANIZATION_DIRECTORY_ENABLED'] }))).toBe(true);
    expect(finishedSetup(issued('L-1', 'o', 'O', { reportedEvents: ['ORGANIZATION_SSO_DISABLED', 'PORTAL_LOAD_SUCCESS'] }))).toBe(false);
    // Finished as Scalekit's webhook reported it: the page said nothing, the issuer was told.
    expect(finishedSetup(issued('L-1', 'o', 'O', { partsFinished: 1 }))).toBe(true);
  });
});
