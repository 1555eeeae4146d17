import type { AccessPolicy } from '../access.js';
import { Refused } from '../errors.js';
import type { OrgResolver, ResolvedOrg } from '../org-resolver.js';
import type { Database } from '../ports.js';
import type { LinkOverview } from './link.js';
import { overview } from './state.js';

/** Where a request comes from, for the channel's default customer. */
export interface Where {
  teamId: string;
  channelId: string | null;
}

/** The newest links and what became of them. Issuers and admins only: the trail names customers and colleagues. */
export class RecentLinks {
  constructor(
    private readonly options: { db: Database; resolver: OrgResolver; access: AccessPolicy; maxSessionsPerLink?: number; now: () => Date },
  ) {}

  /** The last links for a customer (`orgQuery`, resolved like an issue request), or else the ones `userId` issued. */
  async list(userId: string, orgQuery: string | undefined, where: Where, limit = 10): Promise<{ org: ResolvedOrg | null; links: LinkOverview[] }> {
    const { db, resolver, access } = this.options;
    if (!(await access.canIssue(userId))) throw new Refused({ reason: 'not_allowed', to: 'see_links' });
    const org = orgQuery ? await resolver.resolve(orgQuery, where) : null;
    const links = await db.links.recent(org ? { orgId: org.id, limit } : { issuerId: userId, limit });
    const now = this.options.now();
    return { org, links: links.map((link) => overview(link, now, this.options.maxSessionsPerLink)) };
  }
}
