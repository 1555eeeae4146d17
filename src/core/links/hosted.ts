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
 * What happens when an IT admin opens a hosted link: the token is checked on every request,
 * a fresh single-use Scalekit link is minted only when the page's script asks, and every
 * refusal of a known link is audited.
 */
export class HostedLinks {
  constructor(private readonly options: HostedLinksOptions) {}

  /** What a token stands for now, a refusal of a known link audited. Never calls Scalekit. */
  async lookUp(token: string): Promise<HostedLinkState> {
    const hosted = await this.find(token);
    await this.refused(hosted);
    return hosted;
  }

  /** What a token stands for now, recording nothing: for a caller that may refuse it otherwise (limits). */
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
   * Mints a fresh single-use Scalekit portal link for a live hosted link. Called by the page's
   * script, never on a plain GET, so link scanners spend nothing. `firstLoad` counts a view;
   * a renewal after the portal session expired does not.
   */
  async mintSession(token: string, firstLoad: boolean): Promise<{ state: 'live'; portal: PortalLink } | { state: DeadState }> {
    const hosted = await this.lookUp(token);
    if (hosted.state !== 'live') return { state: hosted.state };
    return { state: 'live', portal: await this.mintSessionFor(hosted.link, firstLoad) };
  }

  /** mintSession for a link lookUp found live, for a caller that decides in between (limits). */
  async mintSessionFor(link: IssuedLink, firstLoad: boolean): Promise<PortalLink> {
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
   * Records a portal event the page relayed (as the page reported it: not verified by Scalekit),
   * and tells the issuer when it finishes a part of the setup. `unknown_event`: not one the
   * bot tracks, nothing recorded.
   */
  async recordPageReport(token: string, event: string): Promise<HostedLinkState['state'] | 'unknown_event'> {
    if (!isTrackedPageEvent(event)) return 'unknown_event';
    const hosted = await this.lookUp(token);
    if (hosted.state !== 'live') return hosted.state;
    await this.recordPageReportFor(hosted.link, event);
    return hosted.state;
  }

  /** recordPageReport for a link lookUp found live and an event isTrackedPageEvent accepts. */
  async recordPageReportFor(link: IssuedLink, event: string): Promise<void> {
    const meaning = meaningOf('page', event);
    if (!meaning) return;
    await this.options.db.links.addEvent({ linkId: link.id, type: 'portal_event', detail: event, actor: 'page' });
    const part = partCompletedBy(meaning);
    if (part) await this.options.notices.completedThrough(link, part, 'page');
  }
}

/** Whether the page relays this portal event to the bot (others are refused without a look-up). */
export const isTrackedPageEvent = (event: string): boolean => meaningOf('page', event) !== undefined;
