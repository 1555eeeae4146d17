// `GET /metrics` on METRICS_PORT, scraped from the running bot after driving it through Slack and
// the hosted page: each counter moved by what was done, and nothing more.
import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { Code } from '../../emulators/scalekit/server.js';
import { createSqliteDatabase } from '../helpers/database.js';
import { linkIn, ORGS, startTestBot, useTestBot } from '../helpers/bot.js';

interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format, one sample a line (`name{label="value",...} number`). */
function parseMetrics(text: string): Series[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1] as string, labels, value: Number(match[3]) };
    });
}

/** The sample named `name` with exactly `labels` (0 when the series does not exist yet). */
function sample(all: Series[], name: string, labels: Record<string, string> = {}): number {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return all.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted)?.value ?? 0;
}

/** The bot's metrics, scraped and parsed; the endpoint must answer in Prometheus text. */
async function scrapeBot(bot: { metricsPort?: number }): Promise<Series[]> {
  const res = await fetch(`http://127.0.0.1:${bot.metricsPort}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return parseMetrics(await res.text());
}

describe('metrics on METRICS_PORT', () => {
  const ctx = useTestBot({ env: { METRICS_PORT: '0', METRICS_HOST: '127.0.0.1', TRUST_PROXY: 'true' }, aliases: { acme: ORGS.acme.id } });

  const scrape = () => scrapeBot(ctx.t.bot);

  it('is bound on a port of its own, which the bot tells and logs', () => {
    const port = ctx.t.bot.metricsPort;
    expect(port).toBeGreaterThan(0);
    expect(port).not.toBe(ctx.t.bot.port);
    const running = ctx.t.logs.map((line) => JSON.parse(line) as { msg: string; metricsPort?: number }).find((line) => line.msg === 'sso-portal-bot is running');
    expect(running?.metricsPort).toBe(port);
  });

  it('counts commands, links, hosted-page requests, sessions, refusals, 429s, and Scalekit and Slack calls', async () => {
    const before = await scrape();

    // Commands: a hosted link (as the CSM), help, a revoke without its link id, words that name no subcommand.
    const link = linkIn((await ctx.t.command('acme')).all);
    expect((await ctx.t.command('help')).all).toContain('/sso-portal');
    await ctx.t.command('revoke');
    await ctx.t.command('xyzzy --bogus');
    // A link posted where the bot may not post: Slack says ok: false.
    ctx.t.slack.failNext('chat.postMessage', 'not_in_channel');
    expect((await ctx.t.command('acme --post')).all).toContain('/invite');

    // The hosted page: the page, one session minted, one refused by Scalekit's failure.
    const headers = { 'x-forwarded-for': '198.51.100.7' };
    expect((await fetch(`${ctx.t.appUrl}${link.path}`, { headers })).status).toBe(200);
    const session = () => fetch(`${ctx.t.appUrl}${link.path}/session`, { method: 'POST', headers, body: '{"firstLoad":true}' });
    expect((await session()).status).toBe(200);
    ctx.t.scalekit.failNext('GeneratePortalLink', Code.Internal);
    expect((await session()).status).toBe(503);

    // Guessed tokens from one address, until the address is limited.
    const guesser = { 'x-forwarded-for': '198.51.100.99' };
    let notFound = 0;
    for (;;) {
      const res = await fetch(`${ctx.t.appUrl}/p/guessed-token-${notFound}`, { headers: guesser });
      if (res.status === 429) break;
      expect(res.status).toBe(404);
      notFound += 1;
      expect(notFound).toBeLessThan(1000);
    }

    const moved = (after: Series[], name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    // Answers reach the test a moment before the bot has counted them: wait for the last of them.
    await vi.waitFor(async () => expect(moved(await scrape(), 'sso_portal_commands_total', { subcommand: 'issue', outcome: 'ok' })).toBe(2));
    const after = await scrape();

    expect(moved(after, 'sso_portal_commands_total', { subcommand: 'help', outcome: 'ok' })).toBe(1);
    expect(moved(after, 'sso_portal_commands_total', { subcommand: 'revoke', outcome: 'syntax_error' })).toBe(1);
    expect(moved(after, 'sso_portal_commands_total', { subcommand: 'other', outcome: 'syntax_error' })).toBe(1);
    expect(moved(after, 'sso_portal_links_issued_total', { kind: 'hosted', outcome: 'ok' })).toBe(2);
    expect(moved(after, 'sso_portal_http_requests_total', { route: '/p/:token', status: '200' })).toBe(1);
    expect(moved(after, 'sso_portal_http_requests_total', { route: '/p/:token', status: '404' })).toBe(notFound);
    expect(moved(after, 'sso_portal_http_requests_total', { route: '/p/:token', status: '429' })).toBe(1);
    expect(moved(after, 'sso_portal_http_requests_total', { route: '/p/:token/session', status: '200' })).toBe(1);
    expect(moved(after, 'sso_portal_http_requests_total', { route: '/p/:token/session', status: '503' })).toBe(1);
    expect(moved(after, 'sso_portal_portal_sessions_total')).toBe(1);
    expect(moved(after, 'sso_portal_link_refusals_total', { state: 'unknown' })).toBe(notFound);
    expect(moved(after, 'sso_portal_rate_limited_total', { route: '/p/:token' })).toBe(1);
    expect(moved(after, 'sso_portal_scalekit_call_duration_seconds_count', { method: 'generate_portal_link' })).toBe(2);
    expect(moved(after, 'sso_portal_scalekit_call_errors_total', { method: 'generate_portal_link' })).toBe(1);
    expect(moved(after, 'sso_portal_slack_call_errors_total', { method: 'chat.postMessage' })).toBe(1);
    expect(moved(after, 'sso_portal_slack_call_duration_seconds_count', { method: 'chat.postMessage' })).toBeGreaterThanOrEqual(1);
    // The bot asked Slack who it is once, at start.
    expect(sample(after, 'sso_portal_slack_call_duration_seconds_count', { method: 'auth.test' })).toBe(1);
    expect(moved(after, 'sso_portal_db_query_duration_seconds_count', { model: 'Link', operation: 'create' })).toBe(2);
  });

  it("shows the outbox's backlog, read from the database at each scrape", async () => {
    const all = await scrape();
    const backlog = await ctx.t.bot.db.outbox.backlog(new Date());
    expect(all.find((s) => s.name === 'sso_portal_outbox_pending_messages')?.value).toBeGreaterThanOrEqual(0);
    expect(all.find((s) => s.name === 'sso_portal_outbox_oldest_due_age_seconds')?.value).toBeGreaterThanOrEqual(0);
    // Nothing is owed in this test: both read nothing waiting.
    expect(backlog).toEqual({ pending: 0, oldestDueAt: null });
    expect(sample(all, 'sso_portal_outbox_pending_messages')).toBe(0);
  });

  it("carries Node's default process metrics under their standard names", async () => {
    const names = new Set((await scrape()).map((s) => s.name));
    for (const name of ['process_resident_memory_bytes', 'process_cpu_seconds_total', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(names).toContain(name);
    }
  });

  it('is not served on the public port', async () => {
    const res = await fetch(`${ctx.t.appUrl}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('sso_portal_');
  });
});

describe('metrics of the outbox and reminders', () => {
  // The clock moves only when a test moves it: a message waiting for its retry stays not due.
  let clock = Date.now();
  const ctx = useTestBot({ env: { METRICS_PORT: '0', METRICS_HOST: '127.0.0.1', REMINDER_CHECK_EVERY: '1s' }, now: () => new Date(clock), aliases: { acme: ORGS.acme.id } });
  const scrape = () => scrapeBot(ctx.t.bot);

  it('counts a reminder delivered, by reason', async () => {
    linkIn((await ctx.t.command('acme')).all);
    clock += 4 * 86_400_000; // nobody opened it for 4 days (REMIND_UNOPENED_AFTER is 3d)
    await vi.waitFor(async () => expect(sample(await scrape(), 'sso_portal_reminders_sent_total', { reason: 'unopened' })).toBe(1), { timeout: 10_000 });
    const all = await scrape();
    expect(sample(all, 'sso_portal_outbox_messages_sent_total', { kind: 'reminder' })).toBe(1);
    expect(sample(all, 'sso_portal_reminders_sent_total', { reason: 'expiring' })).toBe(0);
  });

  it('shows a message waiting for its retry in the outbox gauges, as the database has it', async () => {
    const link = linkIn((await ctx.t.command('acme')).all);
    // Slack refuses the next message, the one that tells Carl his customer set up SSO.
    ctx.t.slack.failNext('chat.postMessage', 'internal_error');
    const reported = await fetch(`${ctx.t.appUrl}${link.path}/events`, { method: 'POST', body: '{"event":"ORGANIZATION_SSO_ENABLED"}' });
    expect(reported.status).toBe(204);
    await vi.waitFor(async () => expect(await ctx.t.bot.db.outbox.backlog(new Date(clock))).toEqual({ pending: 1, oldestDueAt: null }), { timeout: 10_000 });
    const all = await scrape();
    expect(sample(all, 'sso_portal_outbox_pending_messages')).toBe(1);
    expect(sample(all, 'sso_portal_outbox_oldest_due_age_seconds')).toBe(0);
    expect(sample(all, 'sso_portal_outbox_messages_sent_total', { kind: 'setup_completed' })).toBe(0);
    expect(sample(all, 'sso_portal_slack_call_errors_total', { method: 'chat.postMessage' })).toBe(1);
  });
});

describe('without METRICS_PORT', () => {
  const ctx = useTestBot();

  it('serves no metrics: no port, none logged, and the public port has no /metrics', async () => {
    expect(ctx.t.bot.metricsPort).toBeUndefined();
    const running = ctx.t.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'sso-portal-bot is running');
    expect(running).toBeDefined();
    expect(running).not.toHaveProperty('metricsPort');
    expect((await fetch(`${ctx.t.appUrl}/metrics`)).status).toBe(404);
  });
});

describe('a METRICS_PORT already taken', () => {
  it('stops the start, saying why', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const database = await createSqliteDatabase();
    try {
      await expect(startTestBot({ databaseUrl: database.url, env: { METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1' } })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      await database.drop();
    }
  });
});
