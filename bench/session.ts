// POST /p/<token>/session throughput beside a bare node:http server minting through the same SDK.
import { startBot } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { ORGS, TEAM_ID, USERS, type Fakes } from '../test/helpers/bot.js';
import { issueBenchLink, spawnServer, throughput } from './support.js';

const CONCURRENCY = 16;
const MINTS = 2000;
// Each hosted link may mint 20 sessions per 10 minutes: spread the load over enough links,
// each opened from its own client address, as many admins would.
const LINKS = 120;

export async function benchSessions(fakes: Fakes, botUrl: string, env: Record<string, string>): Promise<void> {
  const issuer = await startBot(loadConfig({ ...env, LOG_LEVEL: 'warn' }), createLogger('warn'));
  const paths: string[] = [];
  try {
    for (let i = 0; i < LINKS; i++) {
      const url = await issueBenchLink(issuer, { userId: USERS.csm.id, teamId: TEAM_ID });
      paths.push(new URL(url).pathname);
    }
  } finally {
    await issuer.stop();
  }

  const bare = await spawnServer('bench/bare-session-server.ts', { ...env, BENCH_ORG_ID: ORGS.acme.id }, (line) => line.port as number | undefined);
  try {
    const mint = (url: string, i: number) =>
      fetch(url, { method: 'POST', body: '{}', headers: { 'x-forwarded-for': `198.51.100.${i % LINKS}` } }).then(async (res) => {
        if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
        await res.arrayBuffer();
      });
    // Warm-up: the first 200 mints of each are not counted.
    await throughput(200, CONCURRENCY, (i) => mint(`${bare.url}/session`, i));
    await throughput(200, CONCURRENCY, (i) => mint(`${botUrl}${paths[i % LINKS]}/session`, i));
    const bareRate = await throughput(MINTS, CONCURRENCY, (i) => mint(`${bare.url}/session`, i));
    const botRate = await throughput(MINTS, CONCURRENCY, (i) => mint(`${botUrl}${paths[(i + 200) % LINKS]}/session`, i));
    console.log(`portal sessions minted per second, ${CONCURRENCY} concurrent, ${MINTS} requests`);
    console.log(`  bare node:http + SDK   ${bareRate.toFixed(0)}/s`);
    console.log(`  sso-portal-bot         ${botRate.toFixed(0)}/s`);
    console.log(`  bot / bare             ${(botRate / bareRate).toFixed(2)} (aim: at least 0.5)`);
  } finally {
    await bare.stop();
  }
}
