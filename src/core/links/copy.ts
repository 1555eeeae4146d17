import { linkToActOn, requireOwnAddress, requireState, type LinkActionOptions } from './actions.js';
import type { IssuedLink } from './link.js';

/**
 * Handing a live hosted link over once more, as a text for the customer (the edge words it).
 * Only its hash is stored, so the address comes from the message that showed it, through its
 * button, and must be this link's. Its issuer or an admin may; recorded as a `copied` event.
 */
export class LinkCopier {
  constructor(private readonly options: LinkActionOptions) {}

  async copy(linkId: string, shownUrl: string, userId: string): Promise<{ link: IssuedLink; url: string }> {
    const { db, access } = this.options;
    const link = await linkToActOn(db, access, linkId, userId, 'copy');
    requireOwnAddress(link, shownUrl, this.options.hostedPageUrl);
    const now = this.options.now();
    await requireState(this.options, link, now, 'copy');
    await db.links.addEvent({ linkId, type: 'copied', detail: null, actor: userId, createdAt: now });
    return { link, url: shownUrl };
  }
}
