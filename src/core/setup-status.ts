import type { AccessPolicy } from './access.js';
import { overview } from './link-state.js';
import { UserFacingError } from './errors.js';
import { ORG_EVENT_EFFECT, type RecordedOrgEvent } from './org-events.js';
import type { OrgResolver, ResolvedOrg } from './org-resolver.js';
import {
  ScalekitOrgNotFoundError,
  ScalekitUnavailableError,
  type Database,
  type LinkOverview,
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
  /** For the state of the last link (see HostedLinks). */
  maxSessionsPerLink?: number;
  now?: () => Date;
}

const EVENT_LIMIT = 5;

/**
 * `status`: has a customer finished setup? Scalekit's connections and directories are the truth;
 * when Scalekit cannot answer, the webhook events and links the bot recorded still do.
 */
export class SetupStatusService {
  private readonly now: () => Date;

  constructor(private readonly options: SetupStatusOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async status(userId: string, orgQuery: string | undefined, where: { teamId: string; channelId: string | null }): Promise<SetupStatus> {
    if (!(await this.options.access.canIssue(userId))) {
      throw new UserFacingError("You aren't allowed to see setup status: only issuers and admins are.");
    }
    const org = await this.resolve(orgQuery, where);
    const { db } = this.options;
    const [scalekit, events, links] = await Promise.all([
      this.askScalekit(org.id),
      db.orgEvents.latest(org.id, EVENT_LIMIT),
      db.links.recent({ orgId: org.id, limit: 1 }),
    ]);
    const fromEvents = (part: 'sso' | 'directory'): SetupState => {
      // The newest event about this part decides.
      const last = events.map((event) => ORG_EVENT_EFFECT[event.type as RecordedOrgEvent]).find((effect) => effect?.part === part);
      return last ? (last.done ? 'done' : 'not_done') : 'unknown';
    };
    const enabled = (items: OrgIntegration[]): SetupState => (items.some((item) => item.enabled) ? 'done' : 'not_done');
    return {
      org,
      scalekit,
      sso: scalekit.state === 'ok' ? enabled(scalekit.connections) : fromEvents('sso'),
      directory: scalekit.state === 'ok' ? enabled(scalekit.directories) : fromEvents('directory'),
      events,
      lastLink: links[0] ? overview(links[0], this.now(), this.options.maxSessionsPerLink) : null,
    };
  }

  private async resolve(orgQuery: string | undefined, where: { teamId: string; channelId: string | null }): Promise<ResolvedOrg> {
    try {
      return await this.options.resolver.resolve(orgQuery, where);
    } catch (error) {
      // Org ids and ext: ids are looked up in Scalekit; aliases would still work.
      if (error instanceof ScalekitUnavailableError) {
        throw new UserFacingError(`Scalekit is not answering right now, so I could not look up \`${orgQuery}\`. Try the customer's alias, or again in a minute.`);
      }
      throw error;
    }
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
