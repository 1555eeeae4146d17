// npm run bench: how fast the bot acknowledges Slack and issues links, against the local fakes.
// Figures are printed, never asserted: a busy machine would make a timed test flaky.
import { App } from '@slack/bolt';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sendSlashCommand } from '../test/fakes/slack/index.js';
import { ORGS, SIGNING_SECRET, startTestBot, TEAM_ID, USERS } from '../test/helpers/bot.js';

const CONCURRENCY = 20;
const REQUESTS = 400;
const ISSUES = 500;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms  p99 ${percentile(sorted, 99).toFixed(2)} ms  (n=${sorted.length})`;
}

/** Sends `total` signed `/sso-portal` commands, `CONCURRENCY` at a time; returns each ack's latency. */
async function ackLatencies(appUrl: string, text: string, total: number, responseUrl: () => string): Promise<number[]> {
  const latencies: number[] = [];
  let sent = 0;
  const worker = async () => {
    while (sent < total) {
      sent++;
      const started = performance.now();
      const result = await sendSlashCommand({
        appUrl,
        signingSecret: SIGNING_SECRET,
        text,
        userId: USERS.csm.id,
        teamId: TEAM_ID,
        channelId: 'C0BENCH',
        responseUrl: responseUrl(),
      });
      latencies.push(performance.now() - started);
      if (result.status !== 200) throw new Error(`ack answered ${result.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return latencies;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sso-portal-bench-'));
  const t = await startTestBot({ databaseUrl: `file:${join(dir, 'bench.db')}`, env: { LOG_LEVEL: 'warn' } });
  const bare = new App({
    token: 'xoxb-bare',
    botId: 'B0BARE',
    botUserId: 'U0BARE',
    tokenVerificationEnabled: false,
    signingSecret: SIGNING_SECRET,
    port: 0,
  });
  bare.command('/sso-portal', async ({ ack }) => ack());
  const bareServer = (await bare.start(0)) as Server;
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;
  try {
    await t.command(`map acme ${ORGS.acme.id}`, { userId: USERS.admin.id });
    const responseUrl = () => t.slack.responseUrl();

    // Warm both up, then measure them alternately in the same run.
    await ackLatencies(bareUrl, 'acme', 100, responseUrl);
    await ackLatencies(t.appUrl, 'acme', 100, responseUrl);
    const bareAcks = await ackLatencies(bareUrl, 'acme', REQUESTS, responseUrl);
    const botAcks = await ackLatencies(t.appUrl, 'acme', REQUESTS, responseUrl);

    const issueTimes: number[] = [];
    for (let i = 0; i < ISSUES; i++) {
      const started = performance.now();
      await t.bot.links.issue({
        issuer: { userId: USERS.csm.id, userName: 'Bench', teamId: TEAM_ID, channelId: 'C0BENCH' },
        orgQuery: 'acme',
        kind: 'hosted',
        idp: null,
        note: null,
      });
      issueTimes.push(performance.now() - started);
    }

    const p99 = (samples: number[]) => percentile([...samples].sort((a, b) => a - b), 99);
    console.log(`slash-command ack latency, ${CONCURRENCY} concurrent, ${REQUESTS} requests`);
    console.log(`  bare Bolt app          ${summary(bareAcks)}`);
    console.log(`  sso-portal-bot         ${summary(botAcks)}`);
    console.log(`  bot p99 / bare p99     ${(p99(botAcks) / p99(bareAcks)).toFixed(2)}x (aim: within 1.2x)`);
    console.log(`issue a hosted link (use case, SQLite)`);
    console.log(`  sso-portal-bot         ${summary(issueTimes)} (aim: p50 under 5 ms)`);
  } finally {
    await bare.stop();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
