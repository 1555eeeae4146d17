import { Refused } from '../errors.js';
import { extensionLimit, linkToActOn, requireOwnAddress, requireState, type LinkActionOptions } from './actions.js';
import type { IssuedLink } from './link.js';

export interface LinkExtenderOptions extends LinkActionOptions {
  /** LINK_TTL: how much longer a link lives when no lifetime is given. */
  defaultTtlMs: number;
}

export interface ExtendRequest {
  /** How long from now; undefined: the configured default. A lifetime as readLinkTtl reads one. */
  ttlMs?: number;
  /**
   * The link's address as the message that asked shows it (its button carries it back), to be
   * shown again with the new expiry: checked to be this link's before anything changes.
   */
  shownUrl?: string;
}

export interface Extension {
  link: IssuedLink;
  previousExpiresAt: Date;
  /** The link now lives until its limit, short of what was asked. */
  capped: boolean;
}

/**
 * Extending: a hosted link lives `ttlMs` (or LINK_TTL) longer from now, never past its limit
 * (extensionLimit). Its issuer or an admin may, if they may issue; an expired link comes back to
 * life, a revoked, replaced or used-up one does not. Recorded as an `extended` event.
 */
export class LinkExtender {
  constructor(private readonly options: LinkExtenderOptions) {}

  async extend(linkId: string, userId: string, request: ExtendRequest = {}): Promise<Extension> {
    const { db, access } = this.options;
    const link = await linkToActOn(db, access, linkId, userId, 'extend');
    if (request.shownUrl !== undefined) requireOwnAddress(link, request.shownUrl, this.options.hostedPageUrl);
    const now = this.options.now();
    await requireState(this.options, link, now, 'extend');

    const limit = extensionLimit(link);
    if (link.expiresAt >= limit) throw new Refused({ reason: 'extension_limit', linkId, limit });
    const wanted = new Date(now.getTime() + (request.ttlMs ?? this.options.defaultTtlMs));
    const expiresAt = wanted < limit ? wanted : limit;
    if (expiresAt <= link.expiresAt) throw new Refused({ reason: 'already_lives_longer', linkId, expiresAt: link.expiresAt });

    if (!(await db.links.extend({ linkId, from: link.expiresAt, to: expiresAt, by: userId, at: now }))) {
      throw new Refused({ reason: 'changed_meanwhile', linkId, action: 'extend' });
    }
    return { link: { ...link, expiresAt }, previousExpiresAt: link.expiresAt, capped: expiresAt < wanted };
  }
}
