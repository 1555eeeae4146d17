import type { AccessPolicy } from '../access.js';
import { Refused } from '../errors.js';
import type { Database } from '../ports.js';
import type { IssuedLink } from './link.js';
import { controlCharacterIn } from './options.js';

/** Revoking: a hosted link stops working on its next request. Its issuer or an admin may. */
export class LinkRevoker {
  constructor(
    private readonly db: Database,
    private readonly access: AccessPolicy,
    private readonly now: () => Date,
  ) {}

  async revoke(linkId: string, userId: string): Promise<IssuedLink> {
    // An id from a button can be anything a forged request says; no link id has a control character.
    const link = controlCharacterIn(linkId) === undefined ? await this.db.links.findById(linkId) : null;
    if (!link || link.outcome !== 'issued') throw new Refused({ reason: 'no_such_link', linkId });
    if (link.issuerId !== userId && !(await this.access.isAdmin(userId))) {
      throw new Refused({ reason: 'not_the_issuer', linkId, issuerId: link.issuerId });
    }
    // A direct link works once and expires within a minute by itself.
    if (link.kind === 'direct') throw new Refused({ reason: 'direct_link_not_revocable', linkId });
    if (!(await this.db.links.revoke({ linkId, by: userId, at: this.now() }))) throw new Refused({ reason: 'already_revoked', linkId });
    return link;
  }
}
