import { HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { WebClient, type KnownBlock } from '@slack/web-api';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { AccessPolicy } from './core/access.js';
import { LinkAudit } from './core/audit/link-audit.js';
import { NewCustomers } from './core/customers/new-customer.js';
import { LinkCopier } from './core/links/copy.js';
import { LinkExtender } from './core/links/extend.js';
import { HostedLinks } from './core/links/hosted.js';
import { LinkIssuer } from './core/links/issue.js';
import { RecentLinks } from './core/links/recent.js';
import { ReminderSweep } from './core/links/reminders.js';
import { LinkReplacer } from './core/links/replace.js';
import { LinkRevoker } from './core/links/revoke.js';
import { ReminderStopper } from './core/links/stop-reminders.js';
import { SetupNotices } from './core/links/setup-notices.js';
import { MappingService } from './core/mapping-service.js';
import { OrgResolver } from './core/org-resolver.js';
import type { Database, ScalekitPort } from './core/ports.js';
import { ScalekitWebhooks } from './core/scalekit-webhooks.js';
import { SetupStatusService } from './core/setup-status.js';
import { OutboxDelivery } from './core/outbox/delivery.js';
import { startOutboxWorker, type OutboxWorker } from './outbox-worker.js';
import { startPeriodicWorker, type PeriodicWorker } from './periodic-worker.js';
import { startReminderWorker } from './reminder-worker.js';
import { startRetentionWorker } from './retention-worker.js';
import { RetentionSweep } from './core/audit/retention.js';
import { openDatabase } from './db/client.js';
import { postgresLimiters } from './db/rate-limit-store.js';
import { watchBoardChanges } from './core/board/changes.js';
import { RecentStatus } from './core/board/scalekit-facts.js';
import { OnboardingBoard } from './core/board/service.js';
import { HomeTab } from './slack/home-tab.js';
import { newCustomerButton } from './slack/blocks/new-customer-modal.js';
import { registerHome } from './slack/listeners/home/index.js';
import { apartFromRequest, boltLogger, requestLogger } from './logger.js';
import { BotMetrics } from './metrics/metrics.js';
import { startMetricsServer, type MetricsServer } from './metrics/server.js';
import { createScalekitAdapter } from './scalekit/scalekit-adapter.js';
import { SUBCOMMANDS } from './slack/command-parser.js';
import { createSlackDirectory } from './slack/directory.js';
import { GuardedApp, refusedRequestAnswer, refusedSocketRequest } from './slack/guarded-app.js';
import { createSlackSender } from './slack/message-sender.js';
import { observedFetch } from './slack/observed-fetch.js';
import { registerListeners } from './slack/listeners/index.js';
import { sameWorkspaceOnly } from './slack/middleware/same-workspace.js';
import { hostedPagePath } from './web/hosted-page-routes.js';
import { RateLimits } from './web/rate-limits.js';
import { webRoutes } from './web/routes.js';
import { Readiness } from './readiness.js';
import { WorkInFlight } from './work-in-flight.js';

export interface RunningBot {
  /** The HTTP port actually bound (useful with PORT=0). */
  port: number;
  /** The port `GET /metrics` is served on (useful with METRICS_PORT=0); undefined when metrics are off. */
  metricsPort?: number;
  teamId: string;
  db: Database;
  issuer: LinkIssuer;
  stop(): Promise<void>;
}

export interface BotOverrides {
  now?: () => Date;
  /** How long a Scalekit call may take before it counts as unavailable (default 5 s). */
  scalekitTimeoutMs?: number;
  /** How often the outbox looks for messages due (default 2 s). */
  outboxEveryMs?: number;
  /** The hosted page's rate limits (default: shared through PostgreSQL, in memory on SQLite). */
  limits?: RateLimits;
}

const OUTBOX_EVERY_MS = 2_000;
/** How long a shutdown waits for Socket Mode's close handshake. */
const DISCONNECT_WAIT_MS = 3_000;
/** A shutdown step slower than this is logged. */
const SLOW_STEP_MS = 2_000;
/** How soon a written row is chained into the audit trail. */
const SEAL_EVERY_MS = 1_000;

/** The composition root: the one place that knows every piece. */
export async function startBot(config: Config, logger: Logger, overrides: BotOverrides = {}): Promise<RunningBot> {
  const now = overrides.now ?? (() => new Date());
  // Late-bound: the Home tab needs the services, which need the database.
  let homeTab: HomeTab | undefined;
  // Counters are kept whether served or not (they are cheap); the outbox is only read when scraped.
  // Timing every query and call wraps each one (and reads each Slack answer twice): only when served.
  const metrics = new BotMetrics(() => stored.outbox.backlog(now()), now, logger);
  const timed = config.metrics !== null;
  const stored = await openDatabase(config.databaseUrl, timed ? { observeQuery: (model, operation) => metrics.query(model, operation) } : {});
  const db = watchBoardChanges(stored, (issuerIds) => apartFromRequest(() => homeTab?.refresh(issuerIds)), (error) => logger.warn({ err: error }, 'could not tell whose board changed'));
  try {
    const scalekit: ScalekitPort = createScalekitAdapter({ ...config.scalekit, timeoutMs: overrides.scalekitTimeoutMs, ...(timed && { observeCall: (method: string) => metrics.scalekitCall(method) }) });

    // Ask Slack once who we are: the workspace we serve, and the bot identity Bolt needs.
    // The library's default retries a failed call for about half an hour: too long for a person
    // waiting on a reply, for a webhook Scalekit will redeliver, or for a start that should fail.
    const portalOrigin = new URL(config.scalekit.environmentUrl).origin;
    const slackLogger = boltLogger(logger, portalOrigin);
    const clientOptions = { slackApiUrl: config.slack.apiUrl, retryConfig: { retries: 2 }, timeout: 10_000, ...(timed && { fetch: observedFetch((method) => metrics.slackCall(method)) }) };
    const client = new WebClient(config.slack.botToken, { ...clientOptions, logger: slackLogger });
    const auth = await client.auth.test();
    const teamId = auth.team_id as string;

    const directory = createSlackDirectory(client);
    const access = new AccessPolicy(config.issuers, config.admins, directory, now);
    const resolver = new OrgResolver(db.mappings, scalekit);
    const { maxSessionsPerLink } = config;
    const hostedPageUrl = (token: string) => `${config.publicBaseUrl}${hostedPagePath(token)}`;
    // Listener work after Slack's ack and HTTP requests under way: a shutdown waits for them.
    const work = new WorkInFlight();
    const issuer = new LinkIssuer({ db, scalekit, resolver, access, directory, hostedPageUrl, defaultTtlMs: config.linkTtlMs, now, deadline: work.deadline });
    const recentStatus = new RecentStatus(now);
    const services = {
      issuer,
      recentLinks: new RecentLinks({ db, resolver, access, maxSessionsPerLink, now }),
      revoker: new LinkRevoker(db, access, now),
      reminderStopper: new ReminderStopper(db, access, now),
      extender: new LinkExtender({ db, access, hostedPageUrl, defaultTtlMs: config.linkTtlMs, maxSessionsPerLink, now }),
      replacer: new LinkReplacer({ db, access, hostedPageUrl, maxSessionsPerLink, now }),
      copier: new LinkCopier({ db, access, hostedPageUrl, maxSessionsPerLink, now }),
      mappings: new MappingService(db.mappings, resolver, access, SUBCOMMANDS),
      newCustomers: new NewCustomers(scalekit, db.mappings, access),
      status: new SetupStatusService({ db, scalekit, resolver, access, maxSessionsPerLink, recentStatus, now }),
      audit: new LinkAudit({ db, resolver, access, maxSessionsPerLink, now }),
      directory,
      now,
      requestLogger: () => requestLogger(logger, portalOrigin),
      metrics,
    };
    // Started once the app runs; until then, queued messages wait for its first round.
    const worker: { outbox?: OutboxWorker; reminders?: PeriodicWorker; retention?: PeriodicWorker; chain?: PeriodicWorker } = {};
    const notices = new SetupNotices(db, now, () => apartFromRequest(() => worker.outbox?.kick()));

    const readiness = new Readiness(
      {
        database: () => db.checkLinkWrites(),
        migrations: async () => {
          const missing = await db.missingMigrations();
          if (missing.length) throw new Error(`migrations not applied: ${missing.join(', ')}`);
        },
        ...(config.slack.appToken && {
          slack: async () => {
            if (!socket?.client.websocket?.isActive()) throw new Error('the Socket Mode connection is down');
          },
        }),
      },
      logger,
    );
    const routes = webRoutes({
      hostedLinks: new HostedLinks({ db, scalekit, maxSessionsPerLink, notices, now }),
      ping: () => db.ping(),
      readiness: () => readiness.report(),
      work,
      // Without a secret nothing could be verified: no route at all.
      webhooks: config.scalekit.webhookSecret ? new ScalekitWebhooks(scalekit, db.orgEvents, notices) : undefined,
      scalekitEnvironmentUrl: config.scalekit.environmentUrl,
      brand: config.brand,
      trustProxy: config.trustProxy,
      // On PostgreSQL every replica spends the same budgets; the pool closes with the database.
      limits: overrides.limits ?? new RateLimits(stored.postgres && postgresLimiters(stored.postgres)),
      logger,
      metrics,
    });
    // Built here rather than by Bolt: readiness asks the socket whether its connection is up, and
    // the HTTP receiver answers a request refused during a shutdown with 503.
    const socket = config.slack.appToken
      ? new SocketModeReceiver({ appToken: config.slack.appToken, logger: slackLogger, installerOptions: { port: config.port, clientOptions }, customRoutes: routes, processEventErrorHandler: refusedSocketRequest })
      : undefined;
    const receiver = socket ?? new HTTPReceiver({ signingSecret: config.slack.signingSecret, port: config.port, customRoutes: routes, logger: slackLogger, processEventErrorHandler: refusedRequestAnswer });
    const app = new GuardedApp({
      work,
      token: config.slack.botToken,
      botId: auth.bot_id,
      botUserId: auth.user_id,
      tokenVerificationEnabled: false,
      logger: slackLogger,
      clientOptions,
      receiver,
      ...(socket && { socketMode: true }),
    });
    app.use(sameWorkspaceOnly(teamId));
    registerListeners(app, services);
    const board = new OnboardingBoard({ db, access, recentStatus, windowMs: config.board.windowMs, timings: config.board.attention, maxSessionsPerLink, now });
    // Admins add customers from the Home tab too.
    const homeActions = async (userId: string): Promise<KnownBlock | null> => ((await access.isAdmin(userId)) ? { type: 'actions', elements: [newCustomerButton()] } : null);
    homeTab = new HomeTab(board, client, logger, homeActions);
    registerHome(app, services, homeTab);

    let metricsServer: MetricsServer | undefined;
    if (config.metrics) {
      metrics.collectProcessMetrics();
      const { port, host } = config.metrics;
      // Named, so that a port taken is not mistaken for PORT's.
      metricsServer = await startMetricsServer(metrics.registry, port, host, logger).catch((error: unknown) => {
        throw new Error(`METRICS_PORT ${port}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      });
    }
    let started: Server | undefined;
    try {
      started = (await app.start(config.port)) as Server | undefined;
    } catch (error) {
      // Socket Mode listens on PORT before it connects: close that again, or a failed start leaks it.
      await app.stop().catch(() => undefined);
      await metricsServer?.close();
      throw config.slack.appToken ? socketModeStartError(error) : error;
    }
    worker.outbox = startOutboxWorker(new OutboxDelivery(db.outbox, createSlackSender(client, (message) => metrics.messageDelivered(message)), now), logger, overrides.outboxEveryMs ?? OUTBOX_EVERY_MS);
    if (config.reminders) {
      const sweep = new ReminderSweep(db, config.reminders, now, () => worker.outbox?.kick(), maxSessionsPerLink);
      worker.reminders = startReminderWorker(sweep, logger, config.reminders.checkEveryMs);
    }
    worker.chain = startPeriodicWorker('audit chain', SEAL_EVERY_MS, async () => void (await db.audit.seal()), logger, 'sealing the audit chain failed');
    if (config.auditRetentionMs !== null) worker.retention = startRetentionWorker(new RetentionSweep(db, config.auditRetentionMs, now), logger);
    const port = (started?.address?.() as AddressInfo | null)?.port ?? config.port;
    logger.info({ port, metricsPort: metricsServer?.port, mode: config.slack.appToken ? 'socket' : 'http', teamId }, 'sso-portal-bot is running');
    return {
      port,
      metricsPort: metricsServer?.port,
      teamId,
      db,
      issuer,
      async stop() {
        // A step that takes long says so, so that a shutdown that hangs shows where.
        const step = async (name: string, run: () => Promise<unknown>) => {
          const slow = setTimeout(() => logger.warn({ step: name }, 'shutdown is still waiting on this step'), SLOW_STEP_MS);
          try {
            await run();
          } finally {
            clearTimeout(slow);
          }
        };
        // Not ready at once, and no new work: Socket Mode disconnects, and the HTTP server answers
        // every request but the probes with an error until the work is done, so that a load
        // balancer sees /readyz turn 503 rather than a refused connection.
        readiness.shuttingDown();
        // Slack waits for a close handshake up to 30 s: past a few seconds the socket is left to close.
        const disconnecting = socket && within(DISCONNECT_WAIT_MS, socket.client.disconnect());
        // The outbox stops between two messages from now on: a delivery under way (a Slack call and
        // its retries) ends while the work drains, and the messages it has not sent stay owed, for
        // another replica or the next start.
        const outboxStopping = worker.outbox?.stop();
        await step('work under way', async () => {
          // Replies owed for commands already acknowledged, pages being served: up to the grace,
          // then what still runs is cut off at its next step and records that it failed.
          logger.info({ underWay: work.size, graceMs: config.shutdownGraceMs }, 'waiting for work under way');
          const unfinished = await work.drain(config.shutdownGraceMs);
          if (unfinished) logger.warn({ unfinished }, 'work still under way after the shutdown grace; stopping anyway');
        });
        await step('the HTTP server', async () => {
          await disconnecting;
          const closing = app.stop();
          // Connections still open carry no work now (kept alive, or a client that does not go away).
          started?.closeAllConnections?.();
          await closing;
        });
        await step('the metrics server', async () => metricsServer?.close());
        await step('the reminder sweep', async () => worker.reminders?.stop());
        await step('the retention sweep', async () => worker.retention?.stop());
        await step('the Home tab', async () => homeTab?.stop());
        await step('the audit chain', async () => worker.chain?.stop());
        // What was written since the last round is chained before the database closes.
        await step('sealing', () => db.audit.seal().catch((error: unknown) => logger.warn({ err: error }, 'sealing the audit chain failed; the next start seals it')));
        await step('the outbox', async () => outboxStopping);
        await step('the database', () => db.close());
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Waits for `promise`, or for `ms` at most. */
async function within(ms: number, promise: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Slack's refusal of apps.connections.open (only it runs in a Socket Mode start), naming the variable. */
function socketModeStartError(error: unknown): unknown {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  if (typeof code !== 'string') return error;
  return new Error(`Slack refused the Socket Mode connection (apps.connections.open: ${code}); check SLACK_APP_TOKEN (an app-level token with connections:write)`, { cause: error });
}
