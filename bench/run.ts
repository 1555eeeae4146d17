// npm run bench: how fast the bot acknowledges Slack and issues links, against the local fakes.
// Figures are printed, never asserted: a busy machine would make a timed test flaky.
//
// The bot (src/main.ts, as in production) and a bare Bolt app each run in their own process;
// this process holds the fakes and sends the load, the same way to both.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { startBot } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { sendSlashCommand } from '../emulators/slack/index.js';
import { ORGS, SIGNING_SECRET, startFakes, TEAM_ID, USERS } from '../test/helpers/bot.js';
import { createSqliteDatabase } from '../test/helpers/database.js';

const CONCURRENCY = 20;
const ROUNDS = 50;
const ISSUES = 500;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms  p99 ${percentile(sorted, 99).toFixed(2)} ms  (n=${sorted.length})`;
}

/** Starts a TypeScript entry point in a child process; resolves with the port it reports. */
async function spawnServer(entry: string, env: Record<string, string>, portOf: (line: Record<string, unknown>) => number | undefined) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        const found = portOf(JSON.parse(line) as Record<string, unknown>);
        if (found) resolve(found);
      } catch {
        // not a JSON line
      }
    });
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Sends `ROUNDS` bursts of `CONCURRENCY` simultaneous signed `/sso-portal` commands (a busy
 * moment in a big team) and returns each ack's latency. Each burst waits for the previous one's
 * follow-up work (`settled`) so bursts do not pile up.
 */
async function ackLatencies(appUrl: string, rounds: number, responseUrl: () => string, settled: () => Promise<void>): Promise<number[]> {
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
          responseUrl: responseUrl(),
        });
        latencies.push(performance.now() - started);
        if (result.status !== 200) throw new Error(`ack answered ${result.status}`);
      }),
    );
    await settled();
  }
  return latencies;
}

async function main(): Promise<void> {
  const fakes = await startFakes();
  const database = await createSqliteDatabase();
  const env = fakes.env(database.url);
  const bot = await spawnServer('src/main.ts', { ...env, LOG_LEVEL: 'info' }, (line) =>
    line.msg === 'sso-portal-bot is running' ? (line.port as number) : undefined,
  );
  const bare = await spawnServer('bench/bare-bolt.ts', env, (line) => line.port as number | undefined);
  try {
    const responseUrl = () => fakes.slack.responseUrl();
    await sendSlashCommand({ appUrl: bot.url, signingSecret: SIGNING_SECRET, text: `map acme ${ORGS.acme.id}`, userId: USERS.admin.id, teamId: TEAM_ID, channelId: 'C0BENCH', responseUrl: responseUrl() });
    await fakes.slack.waitForResponse();

    const nothingToWaitFor = async () => {};
    // The bot answers each command through its response URL once the link is issued.
    const repliesPosted = async () => {
      while (fakes.slack.responses.length < CONCURRENCY) await new Promise((resolve) => setTimeout(resolve, 1));
      fakes.slack.reset();
    };
    fakes.slack.reset();

    // Warm both up, then measure them in the same run.
    await ackLatencies(bare.url, 5, responseUrl, nothingToWaitFor);
    await ackLatencies(bot.url, 5, responseUrl, repliesPosted);
    const bareAcks = await ackLatencies(bare.url, ROUNDS, responseUrl, nothingToWaitFor);
    const botAcks = await ackLatencies(bot.url, ROUNDS, responseUrl, repliesPosted);

    // The bot's own time to issue a hosted link: the use case, in process, on SQLite.
    const config = loadConfig({ ...env, LOG_LEVEL: 'warn' });
    const inProcess = await startBot(config, createLogger('warn'));
    const issueTimes: number[] = [];
    try {
      for (let i = 0; i < ISSUES; i++) {
        const started = performance.now();
        await inProcess.links.issue({
          issuer: { userId: USERS.csm.id, userName: 'Bench', teamId: TEAM_ID, channelId: 'C0BENCH' },
          orgQuery: 'acme',
          kind: 'hosted',
          idp: null,
          note: null,
        });
        issueTimes.push(performance.now() - started);
      }
    } finally {
      await inProcess.stop();
    }

    const p99 = (samples: number[]) => percentile([...samples].sort((a, b) => a - b), 99);
    console.log(`slash-command ack latency, bursts of ${CONCURRENCY} concurrent requests x ${ROUNDS}`);
    console.log(`  bare Bolt app          ${summary(bareAcks)}`);
    console.log(`  sso-portal-bot         ${summary(botAcks)}`);
    console.log(`  bot p99 / bare p99     ${(p99(botAcks) / p99(bareAcks)).toFixed(2)}x (aim: within 1.2x)`);
    console.log('issue a hosted link (use case, SQLite)');
    console.log(`  sso-portal-bot         ${summary(issueTimes)} (aim: p50 under 5 ms)`);
  } finally {
    await Promise.all([stop(bot.child), stop(bare.child)]);
    await fakes.close();
    await database.drop();
  }
}

await main();
