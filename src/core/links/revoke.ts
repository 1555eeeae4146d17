import type { AccessPolicy } from '../access.js';
import { Refused } from '../errors.js';
import type { Database } from '../ports.js';
import { linkToActOn } from './actions.js';
import type { IssuedLink } from './link.js';

/** Revoking: a hosted link stops working on its next request. Its issuer or an admin may. */
export class LinkRevoker {
  constructor(
    private readonly db: Database,
    private readonly access: AccessPolicy,
    private readonly now: () => Date,
  ) {}

  async revoke(linkId: string, userId: string): Promise<IssuedLink> {
    const link = await linkToActOn(this.db, this.access, linkId, userId, 'revoke');
    if (!(await this.db.links.revoke({ linkId, by: userId, at: this.now() }))) throw new Refused({ reason: 'already_revoked', linkId });
    return link;
  }
}
