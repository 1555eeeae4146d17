import { errorMessage } from './errors.js';
import type { Database, LinkRecord, PortalLink, ScalekitPort } from './ports.js';
import type { SetupNotifications } from './setup-notifications.js';
import { linkState } from './link-state.js';
import { hashLinkToken, isWellFormedToken } from './tokens.js';

export type HostedLinkState =
  | { state: 'live'; link: LinkRecord }
  | { state: 'expired' | 'revoked' | 'exhausted'; link: LinkRecord }
  | { state: 'unknown' };

export type DeadState = Exclude<HostedLinkState['state'], 'live'>;

/** Portal events the page may report for the audit trail (current names and the older one). */
export const RECORDED_PORTAL_EVENTS = [
  'ORGANIZATION_SSO_ENABLED',
  'ORGANIZATION_SSO_DISABLED',
  'ORGANIZATION_DIRECTORY_ENABLED',
  'ORGANIZATION_DIRECTORY_DISABLED',
  'SSO_CONFIGURED',
] as const;
export type RecordedPortalEvent = (typeof RECORDED_PORTAL_EVENTS)[number];

/** The events that mean a part of the setup is done. */
const COMPLETES: Partial<Record<RecordedPortalEvent, 'sso' | 'directory'>> = {
  ORGANIZATION_SSO_ENABLED: 'sso',
  SSO_CONFIGURED: 'sso',
  ORGANIZATION_DIRECTORY_ENABLED: 'directory',
};

export interface HostedLinksOptions {
  db: Database;
  scalekit: ScalekitPort;
  /** Portal sessions one link may mint; unlimited when unset. */
  maxSessionsPerLink?: number;
  notifications: SetupNotifications;
  now?: () => Date;
}

/**
 * What happens when an IT admin opens a hosted link: the token is checked on every request,
 * a fresh single-use Scalekit link is minted only when the page's script asks, and every
 * refusal of a known link is audited.
 */
export class HostedLinks {
  private readonly now: () => Date;

  constructor(private readonly options: HostedLinksOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** What a token stands for now. Never calls Scalekit. */
  async lookUp(token: string): Promise<HostedLinkState> {
    if (!isWellFormedToken(token)) return { state: 'unknown' };
    const { links } = this.options.db;
    const link = await links.findByTokenHash(hashLinkToken(token));
    if (!link || link.kind !== 'hosted') return { state: 'unknown' };
    const { maxSessionsPerLink } = this.options;
    const sessions = maxSessionsPerLink === undefined ? 0 : await links.countEvents(link.id, 'session_minted');
    const state = linkState(link, this.now(), sessions, maxSessionsPerLink);
    if (state === 'failed') return { state: 'unknown' };
    if (state === 'live') return { state, link };
    await links.addEvent({ linkId: link.id, type: `refused_${state}`, detail: null, actor: null });
    return { state, link };
  }

  /**
   * Mints a fresh single-use Scalekit portal link for a live hosted link. Called by the page's
   * script, never on a plain GET, so link scanners spend nothing. `firstLoad` counts a view;
   * a renewal after the portal session expired does not.
   */
  async mintSession(token: string, firstLoad: boolean): Promise<{ state: 'live'; portal: PortalLink } | { state: DeadState }> {
    const hosted = await this.lookUp(token);
    if (hosted.state !== 'live') return { state: hosted.state };
    const { link } = hosted;
    const { links } = this.options.db;
    if (firstLoad) await links.addEvent({ linkId: link.id, type: 'viewed', detail: null, actor: null });
    try {
      const portal = await this.options.scalekit.generatePortalLink(link.orgId as string);
      await links.addEvent({ linkId: link.id, type: 'session_minted', detail: portal.id, actor: null });
      return { state: 'live', portal };
    } catch (error) {
      await links.addEvent({ linkId: link.id, type: 'session_failed', detail: errorMessage(error), actor: null });
      throw error;
    }
  }

  /** Records a portal event the page relayed (as reported by the page, not verified by Scalekit). */
  async recordPortalEvent(token: string, event: RecordedPortalEvent): Promise<HostedLinkState['state']> {
    const hosted = await this.lookUp(token);
    if (hosted.state !== 'live') return hosted.state;
    await this.options.db.links.addEvent({ linkId: hosted.link.id, type: 'portal_event', detail: event, actor: 'page' });
    const part = COMPLETES[event];
    if (part) await this.options.notifications.completedThrough(hosted.link, part, 'page');
    return hosted.state;
  }
}
