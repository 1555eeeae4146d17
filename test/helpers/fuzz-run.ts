// Runs the fuzz test's cases against a running bot, many at a time, and gathers what went wrong:
// a status other than 200, a request nobody answered, a problem in anything the bot said.
import { sendInteraction, sendSlashCommand, type SlackApiCall, type SlackPostResult, type SlackResponseUrlPost } from '../../emulators/slack/index.js';
import { SIGNING_SECRET, type TestBot } from './bot.js';
import type { FuzzCase } from './fuzz-cases.js';
import { findProblems, shownTexts, type Finding, type ShownText } from './fuzz-replies.js';

export interface FuzzOutcome {
  badStatus: string[];
  unanswered: string[];
  /** Each with the request it answered, as far as it can be told. */
  findings: Array<Finding & { from: string }>;
}

interface Running {
  c: FuzzCase;
  result?: SlackPostResult;
  answered: boolean;
  /** When its ack came: it has `answerWithinMs` from then to be answered. */
  ackedAt?: number;
}

function send(t: TestBot, c: FuzzCase): Promise<SlackPostResult> {
  if (c.command) {
    const { text, channelId, teamId } = c.command;
    return sendSlashCommand({ appUrl: t.appUrl, signingSecret: SIGNING_SECRET, text, userId: c.userId, teamId, channelId, responseUrl: c.answer.responseUrl as string });
  }
  return sendInteraction({ appUrl: t.appUrl, signingSecret: SIGNING_SECRET, payload: c.payload as Record<string, unknown> });
}

const responseId = (url: string | undefined) => url?.split('/').pop();

/** Whether `call` answers `c` for certain: its own trigger id, or its own channel. */
function answersExactly(call: SlackApiCall, c: FuzzCase): boolean {
  const { args } = call;
  const { triggerId, channelId } = c.answer;
  if (triggerId && (call.method === 'views.open' || call.method === 'views.push') && args.trigger_id === triggerId) return true;
  return channelId !== undefined && call.method === 'chat.postEphemeral' && args.channel === channelId && args.user === c.userId;
}

/** Whether `call` is said to the sender of `c` privately (a DM, an ephemeral message, their Home tab), for a case answered that way. */
function answersSender(call: SlackApiCall, c: FuzzCase): boolean {
  const { args } = call;
  if (!c.answer.bySender) return false;
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

const clip = (text: string) => (text.length > 400 ? `${text.slice(0, 400)}…` : text);

/** A case in a failure message: who sent what, without the fields every payload carries. */
export function describeCase(c: FuzzCase): string {
  if (c.command) return clip(`command as ${c.userId} in ${c.command.channelId}: ${JSON.stringify(c.command.text)}`);
  const { actions, view, channel, message } = (c.payload ?? {}) as { actions?: unknown; view?: { private_metadata?: string; state?: unknown }; channel?: unknown; message?: unknown };
  const what = actions ? { actions, channel, metadata: view?.private_metadata } : view ? { metadata: view.private_metadata, values: view.state } : { channel, message };
  return clip(`${c.kind} as ${c.userId}: ${JSON.stringify(what)}`);
}

/**
 * Sends the cases in order, `concurrency` at a time, but at most one per sender of those answered
 * only in the sender's DM or Home tab (so that the first such answer is theirs); the others go
 * ahead meanwhile. Each in-flight case is done once answered, or `answerWithinMs` after its ack.
 */
export async function runCases(t: TestBot, cases: readonly FuzzCase[], { concurrency, answerWithinMs }: { concurrency: number; answerWithinMs: number }): Promise<FuzzOutcome> {
  const outcome: FuzzOutcome = { badStatus: [], unanswered: [], findings: [] };
  const waiting = [...cases];
  const inFlight = new Set<Running>();
  const busySenders = new Set<string>();
  // What the bot said before the run is none of its business.
  let seenResponses = t.slack.responses.length;
  let seenCalls = t.slack.calls.length;

  const start = (c: FuzzCase) => {
    const running: Running = { c, answered: c.noAnswer === true };
    inFlight.add(running);
    if (c.answer.bySender) busySenders.add(c.userId);
    send(t, c).then(
      (result) => {
        running.result = result;
        running.ackedAt = Date.now();
        if (result.status !== 200) outcome.badStatus.push(`HTTP ${result.status} for ${describeCase(c)}`);
        const acked = ackTexts(result);
        if (acked) running.answered = true;
        outcome.findings.push(...findProblems('ack', acked ?? []).map((f) => ({ ...f, from: describeCase(c) })));
      },
      (error: unknown) => {
        running.result = { status: 0, body: '', json: undefined };
        running.ackedAt = Date.now();
        outcome.badStatus.push(`no answer at all (${String(error)}) for ${describeCase(c)}`);
      },
    );
  };

  /** Whatever the bot said since the last look: it answers the case it belongs to, and is checked. */
  const look = () => {
    const said = (texts: ShownText[], where: string, owner: Running | undefined) => {
      if (owner) owner.answered = true;
      outcome.findings.push(...findProblems(where, texts).map((f) => ({ ...f, from: owner ? describeCase(owner.c) : 'a request answered before' })));
    };
    const running = [...inFlight];
    for (const response of t.slack.responses.slice(seenResponses) as SlackResponseUrlPost[]) {
      said(shownTexts(response.body), 'response', running.find((r) => responseId(r.c.answer.responseUrl) === response.id));
    }
    for (const call of t.slack.calls.slice(seenCalls)) {
      said(shownTexts(call.args), call.method, running.find((r) => answersExactly(call, r.c)) ?? running.find((r) => answersSender(call, r.c)));
    }
    seenResponses = t.slack.responses.length;
    seenCalls = t.slack.calls.length;
  };

  while (waiting.length || inFlight.size) {
    for (let i = 0; i < waiting.length && inFlight.size < concurrency; ) {
      const c = waiting[i] as FuzzCase;
      if (c.answer.bySender && busySenders.has(c.userId)) i++;
      else {
        waiting.splice(i, 1);
        start(c);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
    look();
    for (const running of inFlight) {
      if (running.ackedAt === undefined) continue;
      const late = Date.now() - running.ackedAt > answerWithinMs;
      if (!running.answered && !late) continue;
      if (!running.answered) outcome.unanswered.push(describeCase(running.c));
      inFlight.delete(running);
      if (running.c.answer.bySender) busySenders.delete(running.c.userId);
    }
  }
  return outcome;
}
