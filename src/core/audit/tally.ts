// Links counted as an audit summary reads them: in all, per customer and per issuer, with how
// many were issued, failed, revoked and led to a finished setup. Pages are added one at a time,
// so that only the counts are held.
import { meaningOf, partCompletedBy } from '../links/events.js';
import type { LinkState, LinkSummary } from '../links/link.js';

export interface LinkCounts {
  links: number;
  issued: number;
  failed: number;
  /** Revoked by someone (not replaced by a fresh link). */
  revoked: number;
  /** Links through which the customer finished a part of the setup, as the page or Scalekit's webhooks reported it. */
  setupsFinished: number;
}

/** The counts of one customer or issuer, under the name its newest link gave it. */
export interface Group extends LinkCounts {
  id: string | null;
  name: string | null;
}

const zero = (): LinkCounts => ({ links: 0, issued: 0, failed: 0, revoked: 0, setupsFinished: 0 });

/** Whether a part of the setup was finished through this link: the issuer was told so, or the page reported it. */
export function finishedSetup(link: LinkSummary): boolean {
  return link.partsFinished > 0 || link.reportedEvents.some((name) => {
    const key = meaningOf('page', name);
    return key !== undefined && partCompletedBy(key) !== undefined;
  });
}

export class LinkTally {
  readonly all = zero();
  /** By org id (null: the attempt failed before the customer was known). */
  readonly byOrg = new Map<string | null, Group>();
  readonly byIssuer = new Map<string, Group>();
  readonly byState = new Map<LinkState, number>();

  add(page: ReadonlyArray<{ link: LinkSummary; state: LinkState }>): void {
    for (const { link, state } of page) {
      // Pages come newest first: the first name seen for an id is its newest.
      const org = this.byOrg.get(link.orgId) ?? { id: link.orgId, name: link.orgName, ...zero() };
      const issuer = this.byIssuer.get(link.issuerId) ?? { id: link.issuerId, name: link.issuerName, ...zero() };
      this.byOrg.set(link.orgId, org);
      this.byIssuer.set(link.issuerId, issuer);
      for (const counts of [this.all, org, issuer]) count(counts, link, state);
      this.byState.set(state, (this.byState.get(state) ?? 0) + 1);
    }
  }
}

function count(counts: LinkCounts, link: LinkSummary, state: LinkState): void {
  counts.links += 1;
  counts[link.outcome] += 1;
  if (state === 'revoked') counts.revoked += 1;
  if (finishedSetup(link)) counts.setupsFinished += 1;
}

/** Most links first, then by name, so that the same trail always reads the same. */
export function largestFirst(groups: Iterable<Group>): Group[] {
  const key = (group: Group) => group.name ?? group.id ?? '';
  return [...groups].sort((a, b) => b.links - a.links || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
