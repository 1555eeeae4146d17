import type { AccessPolicy } from '../access.js';
import { Refused } from '../errors.js';
import type { Database } from '../ports.js';
import { issuedLinkFor } from './issuers-link.js';
import type { IssuedLink } from './link.js';

/** Revoking: a hosted link stops working on its next request. Its issuer or an admin may. */
export class LinkRevoker {
  constructor(
    private readonly db: Database,
    private readonly access: AccessPolicy,
    private readonly now: () => Date,
  ) {}

  async revoke(linkId: string, userId: string): Promise<IssuedLink> {
    const link = await issuedLinkFor({ db: this.db, access: this.access, linkId, userId, refusal: 'not_the_issuer' });
    // A direct link works once and expires within a minute by itself.
    if (link.kind === 'direct') throw new Refused({ reason: 'direct_link_not_revocable', linkId });
    if (!(await this.db.links.revoke({ linkId, by: userId, at: this.now() }))) throw new Refused({ reason: 'already_revoked', linkId });
    return link;
  }
}
