import type { AccessPolicy } from '../access.js';
import { Refused } from '../errors.js';
import type { LinkState, LinkSummary } from '../links/link.js';
import type { Where } from '../links/recent.js';
import type { OrgResolver, ResolvedOrg } from '../org-resolver.js';
import type { Database } from '../ports.js';
import { momentAt, type Moment } from './moment.js';
import { linkPages } from './pages.js';

/** Which links an audit covers; every field given narrows it. */
export interface AuditRequest {
  /** A customer named as for an issue (alias, `org_…`, `ext:…`); none: every customer. */
  customer?: string;
  issuerId?: string;
  /** Links created from (inclusive) and to (exclusive). */
  since?: Moment;
  until?: Moment;
}

export interface OpenedAudit {
  org: ResolvedOrg | null;
  issuerId?: string;
  since?: Date;
  until?: Date;
  /** The matching links newest first, with their state now, a page at a time. */
  pages: AsyncIterable<Array<{ link: LinkSummary; state: LinkState }>>;
}

/** The audit trail for admins (the same rule as mappings): which links were sent, to whom, by whom and what became of them. */
export class LinkAudit {
  constructor(
    private readonly options: { db: Database; resolver: OrgResolver; access: AccessPolicy; maxSessionsPerLink?: number; now: () => Date },
  ) {}

  async open(userId: string, request: AuditRequest, where: Where): Promise<OpenedAudit> {
    const { db, resolver, access, maxSessionsPerLink } = this.options;
    if (!(await access.isAdmin(userId))) throw new Refused({ reason: 'not_allowed', to: 'audit' });
    const now = this.options.now();
    const since = request.since && momentAt(request.since, now);
    const until = request.until && momentAt(request.until, now);
    if (since && until && since >= until) throw new Refused({ reason: 'empty_range', since, until });
    // Unlike issuing, no customer means every customer, not the channel's.
    const org = request.customer ? await resolver.resolve(request.customer, where) : null;
    const filter = { orgId: org?.id, issuerId: request.issuerId, since, until };
    return { org, issuerId: request.issuerId, since, until, pages: linkPages(db.links, { filter, now, maxSessionsPerLink }) };
  }
}
