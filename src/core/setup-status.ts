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
  type OrgDomain,
  type OrgEvent,
  type OrgIntegration,
  type ScalekitPort,
} from './ports.js';

/** Whether one part of the setup (SSO, directory sync) is finished. */
export type SetupState = 'done' | 'not_done' | 'unknown';

/** What Scalekit answered, or why it could not. */
type Answer<T> = ({ state: 'ok' } & T) | { state: 'unavailable' | 'org_not_found' };

export type ScalekitView = Answer<{ connections: OrgIntegration[]; directories: OrgIntegration[] }>;
export type DomainsView = Answer<{ domains: OrgDomain[] }>;

export interface SetupStatus {
  org: ResolvedOrg;
  /** What Scalekit says now, or why it could not say. */
  scalekit: ScalekitView;
  /** The organization's domains and their verification, asked apart: without them the rest still stands. */
  domains: DomainsView;
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
 * when Scalekit cannot answer, the webhook events and links the bot recorded still do. The
 * customer's domains and their verification come from Scalekit too, asked on their own. Naming
 * the customer by org id or `ext:` needs Scalekit (ScalekitUnavailableError); an alias does not.
 */
export class SetupStatusService {
  constructor(private readonly options: SetupStatusOptions) {}

  async status(userId: string, orgQuery: string | undefined, where: Where): Promise<SetupStatus> {
    if (!(await this.options.access.canIssue(userId))) throw new Refused({ reason: 'not_allowed', to: 'see_status' });
    const org = await this.options.resolver.resolve(orgQuery, where);
    const { db } = this.options;
    const { scalekit: port } = this.options;
    const [scalekit, domains, events, links] = await Promise.all([
      ask(async () => {
        const [connections, directories] = await Promise.all([port.listConnections(org.id), port.listDirectories(org.id)]);
        return { connections, directories };
      }),
      ask(async () => ({ domains: await port.listDomains(org.id) })),
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
      domains,
      sso: scalekit.state === 'ok' ? enabled(scalekit.connections) : fromEvents('sso'),
      directory: scalekit.state === 'ok' ? enabled(scalekit.directories) : fromEvents('directory'),
      events,
      lastLink: links[0] ? overview(links[0], this.options.now(), this.options.maxSessionsPerLink) : null,
    };
  }
}

/** Scalekit's answer, or why there is none. */
async function ask<T>(question: () => Promise<T>): Promise<Answer<T>> {
  try {
    return { state: 'ok', ...(await question()) };
  } catch (error) {
    if (error instanceof ScalekitUnavailableError) return { state: 'unavailable' };
    if (error instanceof ScalekitOrgNotFoundError) return { state: 'org_not_found' };
    throw error;
  }
}
