// Thousands of hostile requests through signed HTTP into the real bot: slash commands with any
// text, and clicks, menu choices, form submissions and shortcuts with any values. Every request
// is acknowledged with a 200 and answered, and nothing the bot says pings someone the sender
// typed or shows internal error text. The run is seeded: FUZZ_SEED replays one, FUZZ_RUNS sizes it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sendInteraction, sendSlashCommand, type SlackApiCall, type SlackPostResult } from '../../emulators/slack/index.js';
import { linkIn, ORGS, SIGNING_SECRET, USERS, useTestBot, type TestBot } from '../helpers/bot.js';
import { fuzzCase, type CaseContext, type FuzzCase, type KnownLink } from '../helpers/fuzz-cases.js';
import { findProblems, shownTexts, type Finding, type ShownText } from '../helpers/fuzz-replies.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1_500);
/** Requests in flight at once; the bot answers each batch before the next is sent. */
const BATCH = 24;
/** How long a batch may take to be answered before its unanswered requests count as failures. */
const ANSWER_WITHIN_MS = 10_000;

const ALIASES = { acme: ORGS.acme.id, globex: ORGS.globex.id };

function send(t: TestBot, c: FuzzCase): Promise<SlackPostResult> {
  if (c.command) {
    const { text, channelId, teamId } = c.command;
    return sendSlashCommand({ appUrl: t.appUrl, signingSecret: SIGNING_SECRET, text, userId: c.userId, teamId, channelId, responseUrl: c.answer.responseUrl as string });
  }
  return sendInteraction({ appUrl: t.appUrl, signingSecret: SIGNING_SECRET, payload: c.payload as Record<string, unknown> });
}

const responseId = (url: string | undefined) => url?.split('/').pop();

/** Whether `call` is an answer to `c` (see AnswerKey). */
function answers(call: SlackApiCall, c: FuzzCase): boolean {
  const { args } = call;
  const { triggerId, channelId, bySender } = c.answer;
  if (triggerId && (call.method === 'views.open' || call.method === 'views.push') && args.trigger_id === triggerId) return true;
  if (channelId && call.method === 'chat.postEphemeral' && args.channel === channelId && args.user === c.userId) return true;
  if (!bySender) return false;
  return (
    (call.method === 'chat.postMessage' && args.channel === c.userId) ||
    (call.method === 'chat.postEphemeral' && args.user === c.userId) ||
    (call.method === 'views.publish' && args.user_id === c.userId)
  );
}

/** What the ack said, when it said anything: a message, or a form's errors (plain text under each field). */
function ackTexts(result: SlackPostResult): ShownText[] | undefined {
  const body = result.json as { errors?: Record<string, string> } | undefined;
  if (!body || typeof body !== 'object' || Object.keys(body).length === 0) return undefined;
  return [...shownTexts(body), ...Object.values(body.errors ?? {}).map((text) => ({ text, markup: false }))];
}

/**
 * Cases in batches of up to BATCH, in order but for the cases answered only in a sender's DM or
 * Home tab: one of those per sender and batch, the others wait for a later batch.
 */
function batches(cases: FuzzCase[]): FuzzCase[][] {
  const all: FuzzCase[][] = [];
  let pending = cases;
  while (pending.length) {
    const batch: FuzzCase[] = [];
    const later: FuzzCase[] = [];
    const bySender = new Set<string>();
    for (const c of pending) {
      if (batch.length === BATCH || (c.answer.bySender && bySender.has(c.userId))) later.push(c);
      else {
        batch.push(c);
        if (c.answer.bySender) bySender.add(c.userId);
      }
    }
    all.push(batch);
    pending = later;
  }
  return all;
}

const clip = (text: string) => (text.length > 400 ? `${text.slice(0, 400)}…` : text);
/** A case in a failure message: who sent what, without the fields every payload carries. */
function describeCase(c: FuzzCase): string {
  if (c.command) return clip(`command as ${c.userId} in ${c.command.channelId}: ${JSON.stringify(c.command.text)}`);
  const { actions, view, channel, message } = (c.payload ?? {}) as { actions?: unknown; view?: { private_metadata?: string; state?: unknown }; channel?: unknown; message?: unknown };
  const what = actions ? { actions, channel, metadata: view?.private_metadata } : view ? { metadata: view.private_metadata, values: view.state } : { channel, message };
  return clip(`${c.kind} as ${c.userId}: ${JSON.stringify(what)}`);
}

describe('the bot under fuzzed requests', () => {
  const ctx = useTestBot({ aliases: ALIASES });

  it(`acknowledges and answers ${RUNS} hostile requests (seed ${SEED}) without echoing a mention or showing an internal error`, { timeout: 180_000 }, async () => {
    const { t } = ctx;
    console.log(`fuzz: seed ${SEED} (set FUZZ_SEED to replay, FUZZ_RUNS to size), ${RUNS} requests`);

    // Real links for the buttons and menus to act on now and then.
    const links: KnownLink[] = [];
    for (const [text, userId] of [['acme', USERS.csm.id], ['acme --ttl 3d', USERS.csm.id], ['globex', USERS.admin.id], ['globex --note hi', USERS.groupCsm.id]] as const) {
      const { id, url } = linkIn((await t.command(text, { userId })).all);
      links.push({ id, url });
    }
    t.slack.reset();

    let channels = 0;
    const caseContext: CaseContext = {
      links,
      aliases: Object.keys(ALIASES),
      responseUrl: () => t.slack.responseUrl(),
      freshChannel: () => `C0FZ${(++channels).toString(36).toUpperCase()}`,
    };
    const words = [...links.map((l) => l.id), ...Object.keys(ALIASES)];
    const cases = fc.sample(fuzzCase(words, links), { seed: SEED, numRuns: RUNS }).map((draft) => draft(caseContext));

    const badStatus: string[] = [];
    const unanswered: string[] = [];
    const findings: Array<Finding & { from: string }> = [];
    const logsBefore = t.logs.length;
    const started = Date.now();

    const all = batches(cases);
    for (const batch of all) {
      const results = await Promise.all(batch.map((c) => send(t, c)));
      const acked = batch.map((c, i) => ackTexts(results[i] as SlackPostResult));
      const answered = (c: FuzzCase, i: number) =>
        c.noAnswer === true ||
        acked[i] !== undefined ||
        t.slack.responses.some((r) => r.id === responseId(c.answer.responseUrl)) ||
        t.slack.calls.some((call) => answers(call, c));
      const deadline = Date.now() + ANSWER_WITHIN_MS;
      while (batch.some((c, i) => !answered(c, i)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));

      batch.forEach((c, i) => {
        const { status } = results[i] as SlackPostResult;
        if (status !== 200) badStatus.push(`HTTP ${status} for ${describeCase(c)}`);
        if (!answered(c, i)) unanswered.push(describeCase(c));
        findings.push(...findProblems('ack', acked[i] ?? []).map((f) => ({ ...f, from: describeCase(c) })));
      });
      // Everything said during the batch, whoever it answered, by the batch's requests.
      const owner = (call: SlackApiCall) => batch.find((c) => answers(call, c));
      for (const response of t.slack.responses) {
        const c = batch.find((b) => responseId(b.answer.responseUrl) === response.id);
        findings.push(...findProblems('response', shownTexts(response.body)).map((f) => ({ ...f, from: c ? describeCase(c) : 'an earlier batch' })));
      }
      for (const call of t.slack.calls) {
        const c = owner(call);
        findings.push(...findProblems(call.method, shownTexts(call.args)).map((f) => ({ ...f, from: c ? describeCase(c) : `the batch of ${batch.map(describeCase).join(' | ')}` })));
      }
      t.slack.reset();
    }

    const errorsLogged = t.logs.slice(logsBefore).filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    const byKind = new Map<string, number>();
    for (const c of cases) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
    const kinds = [...byKind].map(([kind, n]) => `${kind} ${n}`);
    console.log(`fuzz: ${RUNS} requests (${kinds.join(', ')}) in ${all.length} batches, ${((Date.now() - started) / 1000).toFixed(1)} s`);

    expect(badStatus, 'requests not acknowledged with a 200').toEqual([]);
    expect(unanswered, 'requests nobody answered').toEqual([]);
    expect(findings.slice(0, 20), `${findings.length} problems in what the bot said`).toEqual([]);
    expect(errorsLogged.slice(0, 10).map(clip), 'errors logged').toEqual([]);
  });
});
