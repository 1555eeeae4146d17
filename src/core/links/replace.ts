import { Refused } from '../errors.js';
import { linkToActOn, requireState, type LinkActionOptions } from './actions.js';
import type { IssuedLink, NewIssuedLink } from './link.js';
import { LINK_TTL_BOUNDS } from './options.js';
import { newLinkId, newLinkToken } from './tokens.js';

/** A fresh link in place of an old one, with what only its issuer gets to see: its URL. */
export interface Replacement {
  old: IssuedLink;
  fresh: IssuedLink;
  url: string;
}

/**
 * Replacing: a fresh hosted link with everything the old one had (customer, issuer, where it was
 * asked for, identity provider, note and lifetime), and the old one revoked, in one step. The
 * old page then says it was replaced. Its issuer or an admin may, if they may issue; the fresh
 * link stays its issuer's, who hears when the customer finishes, and the `replaced` event on the
 * old link names who replaced it.
 */
export class LinkReplacer {
  constructor(private readonly options: LinkActionOptions) {}

  async replace(linkId: string, userId: string): Promise<Replacement> {
    const { db, access } = this.options;
    const old = await linkToActOn(db, access, linkId, userId, 'replace');
    const now = this.options.now();
    await requireState(this.options, old, now, 'replace');

    const { token, tokenHash } = newLinkToken();
    // Everything but what makes it a different link; a field added to links later is kept too.
    // Where the old one was posted stays: the news of the fresh link's setup goes to the same thread.
    const { revokedAt: _revokedAt, revokedBy: _revokedBy, replacedBy: _replacedBy, posted, ...kept } = old;
    const fresh: NewIssuedLink = { ...kept, id: newLinkId(), tokenHash, createdAt: now, expiresAt: new Date(now.getTime() + lifetimeOf(old)) };
    if (!(await db.links.replace({ linkId, fresh, posted, by: userId, at: now }))) throw new Refused({ reason: 'changed_meanwhile', linkId, action: 'replace' });
    return { old, fresh: { ...fresh, revokedAt: null, revokedBy: null, replacedBy: null, posted }, url: this.options.hostedPageUrl(token) };
  }
}

/** The lifetime the old link was given, extensions included, within what a link may be issued with. */
function lifetimeOf(link: IssuedLink): number {
  const lifetime = link.expiresAt.getTime() - link.createdAt.getTime();
  return Math.min(Math.max(lifetime, LINK_TTL_BOUNDS.minMs), LINK_TTL_BOUNDS.maxMs);
}
