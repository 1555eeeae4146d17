// Every use case of src/core wired to the in-memory ports and a clock the test moves, for tests
// that run in milliseconds. The people and organizations are the pretend workspace's.
import { AccessPolicy } from '../../src/core/access.js';
import { RecentStatus } from '../../src/core/board/scalekit-facts.js';
import { OnboardingBoard } from '../../src/core/board/service.js';
import { LinkCopier } from '../../src/core/links/copy.js';
import { LinkExtender } from '../../src/core/links/extend.js';
import { HostedLinks, isTrackedPageEvent, type DeadState, type HostedLinkState } from '../../src/core/links/hosted.js';
import { OutboxDelivery } from '../../src/core/outbox/delivery.js';
import { LinkIssuer, type Issuer } from '../../src/core/links/issue.js';
import { checkLinkRequest, type LinkRequest, type LinkRequestInput } from '../../src/core/links/options.js';
import { RecentLinks } from '../../src/core/links/recent.js';
import { ReminderSweep } from '../../src/core/links/reminders.js';
import { LinkReplacer } from '../../src/core/links/replace.js';
import { LinkRevoker } from '../../src/core/links/revoke.js';
import { ReminderStopper } from '../../src/core/links/stop-reminders.js';
import { SetupNotices } from '../../src/core/links/setup-notices.js';
import { NewCustomers } from '../../src/core/customers/new-customer.js';
import { MappingService } from '../../src/core/mapping-service.js';
import { OrgResolver } from '../../src/core/org-resolver.js';
import { ScalekitWebhooks } from '../../src/core/scalekit-webhooks.js';
import { SetupStatusService } from '../../src/core/setup-status.js';
import { ADMINS, CSM_GROUP, ISSUERS, ORGS, TEAM, USERS } from '../../emulators/world.js';
import type { PortalLink, ScalekitOrg } from '../../src/core/ports.js';
import { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryScalekit } from './in-memory-scalekit.js';
import { InMemorySlackDirectory, RecordingSender } from './in-memory-slack.js';

export { ORGS, USERS } from '../../emulators/world.js';
export const PUBLIC_BASE_URL = 'https://bot.test';
export const DAY = 86_400_000;
export const DEFAULT_TTL_MS = 7 * DAY;
/** The bot's default reminder timings. */
export const REMINDER_TIMINGS = { unopenedAfterMs: 3 * DAY, beforeExpiryMs: DAY, stalledAfterMs: 2 * DAY };
/** The bot's default BOARD_WINDOW. */
export const BOARD_WINDOW_MS = 90 * DAY;
export const WEBHOOK_SECRET = `whsec_${Buffer.from('a test webhook signing key').toString('base64')}`;
/** Words that may not be aliases (the command's subcommands, in the bot). */
export const RESERVED_WORDS = ['help', 'map'];

/** A clock that stands still until the test moves it. */
export class TestClock {
  private current: number;

  constructor(start = new Date('2026-11-01T09:00:00Z')) {
    this.current = start.getTime();
  }

  readonly now = (): Date => new Date(this.current);

  advance(ms: number): void {
    this.current += ms;
  }
}

export interface UseCaseOptions {
  /** Portal sessions a hosted link may mint; unlimited when unset. */
  maxSessionsPerLink?: number;
}

export function useCases(options: UseCaseOptions = {}) {
  const clock = new TestClock();
  const { now } = clock;
  const { maxSessionsPerLink } = options;
  const db = new InMemoryDatabase(now);
  const scalekit = new InMemoryScalekit({ orgs: Object.values(ORGS), webhookSecret: WEBHOOK_SECRET, now });
  const directory = new InMemorySlackDirectory({ [CSM_GROUP.id]: [...CSM_GROUP.members] });
  const notifier = new RecordingSender();
  const delivery = new OutboxDelivery(db.outbox, notifier, now);
  // Queued messages are delivered at once, as the bot's worker is kicked; delivered() waits for that.
  const deliveries = new Set<Promise<unknown>>();
  const access = new AccessPolicy(ISSUERS.split(','), ADMINS.split(','), directory, now);
  const resolver = new OrgResolver(db.mappings, scalekit);
  const kick = () => void deliveries.add(delivery.deliverDue());
  const notices = new SetupNotices(db, now, kick);
  const hostedPageUrl = (token: string) => `${PUBLIC_BASE_URL}/p/${token}`;
  const recentStatus = new RecentStatus(now);
  const hosted = new HostedLinks({ db, scalekit, maxSessionsPerLink, notices, now });
  return {
    clock,
    db,
    scalekit,
    directory,
    notifier,
    delivery,
    /** The sender, once every delivery started so far has finished. */
    async delivered(): Promise<RecordingSender> {
      await Promise.all(deliveries);
      return notifier;
    },
    access,
    resolver,
    notices,
    issuer: new LinkIssuer({ db, scalekit, resolver, access, directory, hostedPageUrl, defaultTtlMs: DEFAULT_TTL_MS, now }),
    hosted,
    /** The hosted page visited with a token (see visitPage). */
    page: visitPage(hosted),
    revoker: new LinkRevoker(db, access, now),
    reminders: new ReminderSweep(db, REMINDER_TIMINGS, now, kick, maxSessionsPerLink),
    reminderStopper: new ReminderStopper(db, access, now),
    extender: new LinkExtender({ db, access, hostedPageUrl, defaultTtlMs: DEFAULT_TTL_MS, maxSessionsPerLink, now }),
    replacer: new LinkReplacer({ db, access, hostedPageUrl, maxSessionsPerLink, now }),
    copier: new LinkCopier({ db, access, hostedPageUrl, maxSessionsPerLink, now }),
    recent: new RecentLinks({ db, resolver, access, maxSessionsPerLink, now }),
    status: new SetupStatusService({ db, scalekit, resolver, access, maxSessionsPerLink, recentStatus, now }),
    board: new OnboardingBoard({ db, access, recentStatus, windowMs: BOARD_WINDOW_MS, timings: REMINDER_TIMINGS, maxSessionsPerLink, now }),
    webhooks: new ScalekitWebhooks(scalekit, db.orgEvents, notices),
    mappings: new MappingService(db.mappings, resolver, access, RESERVED_WORDS),
    newCustomers: new NewCustomers(scalekit, db.mappings, access),
  };
}

export type UseCases = ReturnType<typeof useCases>;

/**
 * The hosted page visited with a token, composed of HostedLinks' steps as the web routes compose
 * them (src/web/hosted-page-routes.ts) minus their rate limits: the token is looked up, the
 * refusal of a known dead link audited, and only a live link acted on.
 */
function visitPage(hosted: HostedLinks) {
  /** GET /p/:token: what the token stands for now, a refusal audited. */
  const open = async (token: string): Promise<HostedLinkState> => {
    const found = await hosted.find(token);
    await hosted.refused(found);
    return found;
  };
  return {
    open,
    /** POST /p/:token/session: a portal session for a live link, else why not. */
    async session(token: string, firstLoad: boolean): Promise<{ state: 'live'; portal: PortalLink } | { state: DeadState }> {
      const found = await open(token);
      if (found.state !== 'live') return { state: found.state };
      return { state: 'live', portal: await hosted.mintSession(found.link, firstLoad) };
    },
    /** POST /p/:token/events: an event the bot does not track is turned away before the look-up. */
    async report(token: string, event: string): Promise<HostedLinkState['state'] | 'unknown_event'> {
      if (!isTrackedPageEvent(event)) return 'unknown_event';
      const found = await open(token);
      if (found.state === 'live') await hosted.recordPageReport(found.link, event);
      return found.state;
    },
  };
}

/** Someone asking in the customer's channel, or (with `channelId: null`) from a global shortcut. */
export function issuerOf(userId: string, channelId: string | null = 'C0ACME'): Issuer {
  return { userId, teamId: TEAM.id, channelId };
}

/** A request as checkLinkRequest passes it; fails the test on a problem. */
export function linkRequest(input: Partial<LinkRequestInput> = {}): LinkRequest {
  const checked = checkLinkRequest({ customer: undefined, kind: 'hosted', ttl: undefined, idp: undefined, note: undefined, scope: undefined, ...input });
  if ('problems' in checked) throw new Error(`the request has problems: ${JSON.stringify(checked.problems)}`);
  return checked.request;
}

/** Maps `alias` to an organization of the pretend Scalekit, optionally as a channel's customer. */
export async function mapAlias(cases: UseCases, alias: string, org: ScalekitOrg, channelId?: string) {
  await cases.db.mappings.save(
    { alias, orgId: org.id, externalId: org.externalId, displayName: org.displayName, createdBy: USERS.admin.id },
    channelId ? { teamId: TEAM.id, channelId } : undefined,
  );
}

/** The token at the end of a hosted link's URL. */
export function tokenOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

/** Use cases with Acme mapped, and a hosted link `issuerId` issued for it (`input` on top of `customer: 'acme'`). */
export async function withAcmeLink(input: Partial<LinkRequestInput> = {}, options: UseCaseOptions = {}, issuerId: string = USERS.csm.id) {
  const cases = useCases(options);
  await mapAlias(cases, 'acme', ORGS.acme);
  const { linkId, url } = await cases.issuer.issue(issuerOf(issuerId), linkRequest({ customer: 'acme', ...input }));
  return { cases, linkId, url };
}
