import type { AccessPolicy } from './access.js';
import type { RecentStatus } from './board/scalekit-facts.js';
import { Refused } from './errors.js';
import { meaningOf, partDoneByEvents, type SetupEventKey, type SetupPart } from './links/events.js';
import type { LinkOverview } from './links/link.js';
import type { Where } from './links/recent.js';
import { overview } from './links/state.js';
import type { OrgResolver, ResolvedOrg } from './org-resolver.js';
import {
  ScalekitOrgNotFoundError,
  ScalekitUnavailableError,
  type Database,
  type OrgEvent,
  type OrgIntegration,
  type ScalekitPort,
} from './ports.js';

/** Whether one part of the setup (SSO, directory sync) is finished. */
export type SetupState = 'done' | 'not_done' | 'unknown';

export type ScalekitView =
  | { state: 'ok'; connections: OrgIntegration[]; directories: OrgIntegration[] }
  | { state: 'unavailable' | 'org_not_found' };

export interface SetupStatus {
  org: ResolvedOrg;
  /** What Scalekit says now, or why it could not say. */
  scalekit: ScalekitView;
  sso: SetupState;
  directory: SetupState;
  /** Newest first. */
  events: OrgEvent[];
  lastLink: LinkOverview | null;
}

export interface SetupStatusOptions {
  db: Database;
  scalekit: ScalekitPort;
  resolver: OrgResolver;
  access: AccessPolicy;
  /** Where Scalekit's answers are kept a few minutes for the board. */
  recentStatus?: RecentStatus;
  /** For the state of the last link (see HostedLinks). */
  maxSessionsPerLink?: number;
  now: () => Date;
}

const EVENT_LIMIT = 5;

/**
 * `status`: has a customer finished setup? Scalekit's connections and directories are the truth;
 * when Scalekit cannot answer, the webhook events and links the bot recorded still do. Naming
 * the customer by org id or `ext:` needs Scalekit (ScalekitUnavailableError); an alias does not.
 */
export class SetupStatusService {
  constructor(private readonly options: SetupStatusOptions) {}

  async status(userId: string, orgQuery: string | undefined, where: Where): Promise<SetupStatus> {
    if (!(await this.options.access.canIssue(userId))) throw new Refused({ reason: 'not_allowed', to: 'see_status' });
    const org = await this.options.resolver.resolve(orgQuery, where);
    const { db } = this.options;
    const [scalekit, events, links] = await Promise.all([
      this.askScalekit(org.id),
      db.orgEvents.latest(org.id, EVENT_LIMIT),
      db.links.recent({ orgId: org.id, limit: 1 }),
    ]);
    const keys = events.map((event) => meaningOf('webhook', event.type)).filter((key): key is SetupEventKey => key !== undefined);
    const fromEvents = (part: SetupPart): SetupState => {
      const done = partDoneByEvents(keys, part);
      return done === undefined ? 'unknown' : done ? 'done' : 'not_done';
    };
    const enabled = (items: OrgIntegration[]): SetupState => (items.some((item) => item.enabled) ? 'done' : 'not_done');
    if (scalekit.state === 'ok') {
      this.options.recentStatus?.remember(org.id, { sso: enabled(scalekit.connections) === 'done', directory: enabled(scalekit.directories) === 'done' });
    }
    return {
      org,
      scalekit,
      sso: scalekit.state === 'ok' ? enabled(scalekit.connections) : fromEvents('sso'),
      directory: scalekit.state === 'ok' ? enabled(scalekit.directories) : fromEvents('directory'),
      events,
      lastLink: links[0] ? overview(links[0], this.options.now(), this.options.maxSessionsPerLink) : null,
    };
  }

  private async askScalekit(orgId: string): Promise<ScalekitView> {
    const { scalekit } = this.options;
    try {
      const [connections, directories] = await Promise.all([scalekit.listConnections(orgId), scalekit.listDirectories(orgId)]);
      return { state: 'ok', connections, directories };
    } catch (error) {
      if (error instanceof ScalekitUnavailableError) return { state: 'unavailable' };
      if (error instanceof ScalekitOrgNotFoundError) return { state: 'org_not_found' };
      throw error;
    }
  }
}
