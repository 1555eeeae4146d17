import { errorMessage } from '../errors.js';
import type { Database, PortalLink, ScalekitPort } from '../ports.js';
import { meaningOf, partCompletedBy } from './events.js';
import type { IssuedLink } from './link.js';
import type { SetupNotices } from './setup-notices.js';
import { currentState } from './state.js';
import { hashLinkToken, isWellFormedToken } from './tokens.js';

/** Why a hosted link does not open: all but `unknown` are audited, `unknown` could be a guess. */
export type DeadState = 'expired' | 'revoked' | 'replaced' | 'exhausted' | 'unknown';

export type HostedLinkState =
  | { state: 'live'; link: IssuedLink }
  | { state: Exclude<DeadState, 'unknown'>; link: IssuedLink }
  | { state: 'unknown' };

export interface HostedLinksOptions {
  db: Database;
  scalekit: ScalekitPort;
  /** Portal sessions one link may mint; unlimited when unset. */
  maxSessionsPerLink?: number;
  notices: SetupNotices;
  now: () => Date;
}

/**
 * What happens when an IT admin opens a hosted link: the token is checked on every request
 * (find), a refusal of a known link is audited (refused), a fresh single-use Scalekit link is
 * minted only when the page's script asks (mintSession) and what the page relays is kept
 * (recordPageReport). The steps are separate so that the caller decides its limits in between.
 */
export class HostedLinks {
  constructor(private readonly options: HostedLinksOptions) {}

  /**
   * What a token stands for now, recording nothing and never calling Scalekit: the caller audits a
   * refusal with refused() once it answers one (a refusal over a rate limit writes nothing).
   */
  async find(token: string): Promise<HostedLinkState> {
    if (!isWellFormedToken(token)) return { state: 'unknown' };
    const { links } = this.options.db;
    const link = await links.findByTokenHash(hashLinkToken(token));
    if (!link || link.outcome !== 'issued' || link.kind !== 'hosted') return { state: 'unknown' };
    const state = await currentState(links, link, this.options.now(), this.options.maxSessionsPerLink);
    if (state === 'live') return { state, link };
    if (state === 'failed') return { state: 'unknown' };
    return { state, link };
  }

  /** Audits the refusal of a known dead link that find() returned; nothing for live or unknown tokens. */
  async refused(hosted: HostedLinkState): Promise<void> {
    if (hosted.state === 'live' || hosted.state === 'unknown') return;
    await this.options.db.links.addEvent({ linkId: hosted.link.id, type: `refused_${hosted.state}`, detail: null, actor: null });
  }

  /**
   * Mints a fresh single-use Scalekit portal link for a link find() returned live. Called by the
   * page's script, never on a plain GET, so link scanners spend nothing. `firstLoad` counts a
   * view; a renewal after the portal session expired does not.
   */
  async mintSession(link: IssuedLink, firstLoad: boolean): Promise<PortalLink> {
    const { links } = this.options.db;
    if (firstLoad) await links.addEvent({ linkId: link.id, type: 'viewed', detail: null, actor: null });
    try {
      // Every session offers what the link was issued for, however often the page asks.
      const portal = await this.options.scalekit.generatePortalLink(link.orgId, link.scope);
      await links.addEvent({ linkId: link.id, type: 'session_minted', detail: portal.id, actor: null });
      return portal;
    } catch (error) {
      await links.addEvent({ linkId: link.id, type: 'session_failed', detail: errorMessage(error), actor: null });
      throw error;
    }
  }

  /**
   * Records a portal event the page relayed for a link find() returned live (as the page reported
   * it: not verified by Scalekit), and tells the issuer when it finishes a part of the setup. An
   * event the bot does not track (isTrackedPageEvent) records nothing.
   */
  async recordPageReport(link: IssuedLink, event: string): Promise<void> {
    const meaning = meaningOf('page', event);
    if (!meaning) return;
    await this.options.db.links.addEvent({ linkId: link.id, type: 'portal_event', detail: event, actor: 'page' });
    const part = partCompletedBy(meaning);
    if (part) await this.options.notices.completedThrough(link, part, 'page');
  }
}

/** Whether the page relays this portal event to the bot (others are refused without a look-up). */
export const isTrackedPageEvent = (event: string): boolean => meaningOf('page', event) !== undefined;
