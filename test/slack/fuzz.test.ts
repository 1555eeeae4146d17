// Thousands of hostile requests through signed HTTP into the real bot: slash commands with any
// text, and clicks, menu choices, form submissions and shortcuts with any values. Every request
// is acknowledged with a 200 and answered, and nothing the bot says pings someone the sender
// typed or shows internal error text. The run is seeded: FUZZ_SEED replays one, FUZZ_RUNS sizes it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkIn, ORGS, USERS, useTestBot } from '../helpers/bot.js';
import { fuzzCase, type CaseContext, type KnownLink } from '../helpers/fuzz-cases.js';
import { runCases } from '../helpers/fuzz-run.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
/** Requests in flight at once. */
const CONCURRENCY = 24;
/** How long after its ack a request may take to be answered before it counts as unanswered. */
const ANSWER_WITHIN_MS = 10_000;

const ALIASES = { acme: ORGS.acme.id, globex: ORGS.globex.id };

describe('the bot under fuzzed requests', () => {
  const ctx = useTestBot({ aliases: ALIASES });

  it(`acknowledges and answers ${RUNS} hostile requests (seed ${SEED}) without echoing a mention or showing an internal error`, { timeout: 60_000 + RUNS * 50 }, async () => {
    const { t } = ctx;
    console.log(`fuzz: seed ${SEED} (set FUZZ_SEED to replay, FUZZ_RUNS to size), ${RUNS} requests`);

    // Real links for the buttons and menus to act on now and then.
    const links: KnownLink[] = [];
    for (const [text, userId] of [['acme', USERS.csm.id], ['acme --ttl 3d', USERS.csm.id], ['globex', USERS.admin.id], ['globex --note hi', USERS.groupCsm.id]] as const) {
      const { id, url } = linkIn((await t.command(text, { userId })).all);
      links.push({ id, url });
    }

    let channels = 0;
    const caseContext: CaseContext = {
      links,
      responseUrl: () => t.slack.responseUrl(),
      freshChannel: () => `C0FZ${(++channels).toString(36).toUpperCase()}`,
    };
    const words = [...links.map((l) => l.id), ...Object.keys(ALIASES)];
    const cases = fc.sample(fuzzCase(words, links), { seed: SEED, numRuns: RUNS }).map((draft) => draft(caseContext));

    const logsBefore = t.logs.length;
    const started = Date.now();
    const { badStatus, unanswered, findings } = await runCases(t, cases, { concurrency: CONCURRENCY, answerWithinMs: ANSWER_WITHIN_MS });
    const errorsLogged = t.logs.slice(logsBefore).filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

    const byKind = new Map<string, number>();
    for (const c of cases) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
    console.log(`fuzz: ${RUNS} requests (${[...byKind].map(([kind, n]) => `${kind} ${n}`).join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    expect(badStatus, 'requests not acknowledged with a 200').toEqual([]);
    expect(unanswered, 'requests nobody answered').toEqual([]);
    expect(findings.slice(0, 20), `${findings.length} problems in what the bot said`).toEqual([]);
    expect(errorsLogged.slice(0, 10), 'errors logged').toEqual([]);
  });
});
