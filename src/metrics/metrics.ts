// The bot's metrics: one registry of its own (never prom-client's global one, so that two bots in
// one process keep apart), every `sso_portal_*` metric defined here, and named methods the edges
// and adapters call. Labels take values from small fixed sets only: never a token, user, org or
// link id, which would make a series per person or customer.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from 'pino';
import type { OwedMessage } from '../core/outbox/message.js';

/** The outbox as a scrape sees it: what is waiting, and since when the oldest message due was written. */
export interface OutboxBacklog {
  pending: number;
  oldestDueAt: Date | null;
}

export type CommandOutcome = 'ok' | 'syntax_error' | 'refused' | 'failed';
export type IssueOutcome = 'ok' | 'refused' | 'failed';
/** Ends a timed call: `failed` counts it as an error too. */
export type EndCall = (failed: boolean) => void;

/** Seconds buckets for calls to Slack and Scalekit: from 10 ms to their timeouts. */
const CALL_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds buckets for database queries: most take well under a millisecond on SQLite. */
const QUERY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export class BotMetrics {
  readonly registry = new Registry();
  private readonly commands: Counter<'subcommand' | 'outcome'>;
  private readonly linksIssued: Counter<'kind' | 'outcome'>;
  private readonly httpRequests: Counter<'route' | 'status'>;
  private readonly sessionsMinted: Counter;
  private readonly refusals: Counter<'state'>;
  private readonly rateLimited: Counter<'route'>;
  private readonly scalekitCalls: Histogram<'method'>;
  private readonly scalekitErrors: Counter<'method'>;
  private readonly slackCalls: Histogram<'method'>;
  private readonly slackErrors: Counter<'method'>;
  private readonly messagesSent: Counter<'kind'>;
  private readonly remindersSent: Counter<'reason'>;
  private readonly queries: Histogram<'model' | 'operation'>;

  /** `outboxBacklog` is read on each scrape (keep it to a cheap query). */
  constructor(outboxBacklog: () => Promise<OutboxBacklog>, now: () => Date, logger: Logger) {
    const registers = [this.registry];
    this.commands = new Counter({ name: 'sso_portal_commands_total', help: '/sso-portal commands answered, by subcommand and outcome', labelNames: ['subcommand', 'outcome'], registers });
    this.linksIssued = new Counter({ name: 'sso_portal_links_issued_total', help: 'Link requests, by kind (hosted or direct) and outcome', labelNames: ['kind', 'outcome'], registers });
    this.httpRequests = new Counter({ name: 'sso_portal_http_requests_total', help: 'Requests to the hosted page, health and webhook routes, by route and status', labelNames: ['route', 'status'], registers });
    this.sessionsMinted = new Counter({ name: 'sso_portal_portal_sessions_total', help: 'Scalekit portal sessions minted for hosted links', registers });
    this.refusals = new Counter({ name: 'sso_portal_link_refusals_total', help: 'Hosted-link requests refused because the link is dead, by its state', labelNames: ['state'], registers });
    this.rateLimited = new Counter({ name: 'sso_portal_rate_limited_total', help: 'Requests answered 429, by route', labelNames: ['route'], registers });
    this.scalekitCalls = new Histogram({ name: 'sso_portal_scalekit_call_duration_seconds', help: 'Scalekit API calls, by method', labelNames: ['method'], buckets: CALL_BUCKETS, registers });
    this.scalekitErrors = new Counter({ name: 'sso_portal_scalekit_call_errors_total', help: 'Scalekit API calls that failed (not an answer such as "no such organization"), by method', labelNames: ['method'], registers });
    this.slackCalls = new Histogram({ name: 'sso_portal_slack_call_duration_seconds', help: 'Slack Web API requests (each retry apart), by method', labelNames: ['method'], buckets: CALL_BUCKETS, registers });
    this.slackErrors = new Counter({ name: 'sso_portal_slack_call_errors_total', help: 'Slack Web API requests that failed (no answer, an HTTP error, or ok: false), by method', labelNames: ['method'], registers });
    this.messagesSent = new Counter({ name: 'sso_portal_outbox_messages_sent_total', help: 'Messages the outbox delivered, by kind', labelNames: ['kind'], registers });
    this.remindersSent = new Counter({ name: 'sso_portal_reminders_sent_total', help: 'Reminders delivered to issuers, by reason', labelNames: ['reason'], registers });
    this.queries = new Histogram({ name: 'sso_portal_db_query_duration_seconds', help: 'Database queries, by model and operation', labelNames: ['model', 'operation'], buckets: QUERY_BUCKETS, registers });

    // A scrape collects every metric at once: both outbox gauges share one read of the database.
    // A failed read is logged and leaves the gauges as they were (readiness tells of the database).
    let reading: Promise<OutboxBacklog | null> | undefined;
    const backlog = () =>
      (reading ??= outboxBacklog()
        .catch((error: unknown) => {
          logger.warn({ err: error }, 'could not read the outbox for metrics');
          return null;
        })
        .finally(() => (reading = undefined)));
    new Gauge({
      name: 'sso_portal_outbox_pending_messages',
      help: 'Messages waiting in the outbox (due or waiting for a retry)',
      registers,
      async collect() {
        const read = await backlog();
        if (read) this.set(read.pending);
      },
    });
    new Gauge({
      name: 'sso_portal_outbox_oldest_due_age_seconds',
      help: 'How long ago the oldest message due was written (0 when none is due)',
      registers,
      async collect() {
        const read = await backlog();
        if (read) this.set(read.oldestDueAt ? Math.max(0, (now().getTime() - read.oldestDueAt.getTime()) / 1000) : 0);
      },
    });
  }

  /** Node's process metrics under their standard names; only for a served registry (they keep timers running). */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry });
  }

  commandAnswered(subcommand: string, outcome: CommandOutcome): void {
    this.commands.inc({ subcommand, outcome });
  }

  linkRequested(kind: string, outcome: IssueOutcome): void {
    this.linksIssued.inc({ kind, outcome });
  }

  /** `route` is the route's path pattern (`/p/:token`), never the path itself. */
  httpAnswered(route: string, status: number): void {
    this.httpRequests.inc({ route, status: String(status) });
    if (status === 429) this.rateLimited.inc({ route });
  }

  sessionMinted(): void {
    this.sessionsMinted.inc();
  }

  linkRefused(state: string): void {
    this.refusals.inc({ state });
  }

  scalekitCall(method: string): EndCall {
    return this.timed(this.scalekitCalls, this.scalekitErrors, method);
  }

  slackCall(method: string): EndCall {
    return this.timed(this.slackCalls, this.slackErrors, method);
  }

  messageDelivered(message: OwedMessage): void {
    this.messagesSent.inc({ kind: message.kind });
    if (message.kind === 'reminder') this.remindersSent.inc({ reason: message.facts.reason });
  }

  /** Starts timing a query; call the answer when it is done. */
  query(model: string, operation: string): () => void {
    const end = this.queries.startTimer({ model, operation });
    return () => void end();
  }

  private timed(latency: Histogram<'method'>, errors: Counter<'method'>, method: string): EndCall {
    const end = latency.startTimer({ method });
    return (failed) => {
      end();
      if (failed) errors.inc({ method });
    };
  }
}
