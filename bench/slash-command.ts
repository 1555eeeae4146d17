// Slash-command ack latency beside a bare Bolt app, and the bot's own time to issue a link.
import { performance } from 'node:perf_hooks';
import { startBot } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { sendSlashCommand } from '../emulators/slack/index.js';
import { SIGNING_SECRET, TEAM_ID, USERS, type Fakes } from '../test/helpers/bot.js';
import { issueBenchLink, percentile, spawnServer, summary } from './support.js';

const CONCURRENCY = 20;
const ROUNDS = 50;
const ISSUES = 500;

/**
 * Sends `rounds` bursts of `CONCURRENCY` simultaneous signed `/sso-portal acme` commands (a busy
 * moment in a big team) and returns each ack's latency. Each burst waits for the previous one's
 * follow-up work (`settled`) so bursts do not pile up.
 */
async function ackLatencies(appUrl: string, rounds: number, fakes: Fakes, settled: () => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        const started = performance.now();
        const result = await sendSlashCommand({
          appUrl,
          signingSecret: SIGNING_SECRET,
          text: 'acme',
          userId: USERS.csm.id,
          teamId: TEAM_ID,
          channelId: 'C0BENCH',
          responseUrl: fakes.slack.responseUrl(),
        });
        latencies.push(performance.now() - started);
        if (result.status !== 200) throw new Error(`ack answered ${result.status}`);
      }),
    );
    await settled();
  }
  return latencies;
}

/** `botUrl` is the bot under test, with `acme` mapped; `env` its environment. */
export async function benchSlashCommand(fakes: Fakes, botUrl: string, env: Record<string, string>): Promise<void> {
  const bare = await spawnServer('bench/bare-bolt.ts', env, (line) => line.port as number | undefined);
  try {
    const nothingToWaitFor = async () => {};
    // The bot answers each command through its response URL once the link is issued.
    const repliesPosted = async () => {
      while (fakes.slack.responses.length < CONCURRENCY) await new Promise((resolve) => setTimeout(resolve, 1));
      fakes.slack.reset();
    };
    fakes.slack.reset();
    await ackLatencies(bare.url, 5, fakes, nothingToWaitFor);
    await ackLatencies(botUrl, 5, fakes, repliesPosted);
    const bareAcks = await ackLatencies(bare.url, ROUNDS, fakes, nothingToWaitFor);
    const botAcks = await ackLatencies(botUrl, ROUNDS, fakes, repliesPosted);
    console.log(`slash-command ack latency, bursts of ${CONCURRENCY} concurrent requests x ${ROUNDS}`);
    console.log(`  bare Bolt app          ${summary(bareAcks)}`);
    console.log(`  sso-portal-bot         ${summary(botAcks)}`);
    console.log(`  bot p99 / bare p99     ${(percentile(botAcks, 99) / percentile(bareAcks, 99)).toFixed(2)}x (aim: within 1.2x)`);
  } finally {
    await bare.stop();
  }

  // The bot's own time to issue a hosted link: the use case, in this process, on the same database.
  const inProcess = await startBot(loadConfig({ ...env, LOG_LEVEL: 'warn' }), createLogger('warn'));
  const issueTimes: number[] = [];
  try {
    for (let i = 0; i < ISSUES; i++) {
      const started = performance.now();
      await issueBenchLink(inProcess, { userId: USERS.csm.id, teamId: TEAM_ID });
      issueTimes.push(performance.now() - started);
    }
  } finally {
    await inProcess.stop();
  }
  console.log('issue a hosted link (use case, SQLite)');
  console.log(`  sso-portal-bot         ${summary(issueTimes)} (aim: p50 under 5 ms)`);
}
