// POST /p/<token>/session throughput beside a bare node:http server minting through the same SDK,
// and with the rate limits shared through PostgreSQL beside the same bot keeping them in memory.
import { startBot } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { ORGS, TEAM_ID, USERS, type Fakes } from '../test/helpers/bot.js';
import { createPostgresDatabase } from '../test/helpers/database.js';
import { botPort, issueBenchLink, spawnServer, throughput } from './support.js';

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

/** Requests of one measured round; each round has links of its own, minting at most 15 sessions each. */
const ROUND_MINTS = 1000;
const ROUND_LINKS = 70;
/** Warm-up mints; 10 links of their own spend 20 each, their whole budget. */
const WARM_UP_MINTS = 200;
const WARM_UP_LINKS = 10;
/** Measured rounds of each limiter, taking turns so that a busy moment of the machine does not fall on one only. */
const LIMIT_ROUNDS = 3;

/** Issues `count` hosted links for acme through a bot on `env`'s database; their paths. */
async function issueLinks(env: Record<string, string>, count: number): Promise<string[]> {
  const bot = await startBot(loadConfig({ ...env, LOG_LEVEL: 'warn' }), createLogger('warn'));
  try {
    await bot.db.mappings.save({ alias: 'acme', orgId: ORGS.acme.id, externalId: ORGS.acme.externalId, displayName: ORGS.acme.displayName, createdBy: USERS.admin.id });
    const paths: string[] = [];
    for (let i = 0; i < count; i++) paths.push(new URL(await issueBenchLink(bot, { userId: USERS.csm.id, teamId: TEAM_ID })).pathname);
    return paths;
  } finally {
    await bot.stop();
  }
}

/** Mints a session for each of `total` requests, spread over `paths`; the rate. */
function mintRate(botUrl: string, paths: string[], total: number): Promise<number> {
  return throughput(total, CONCURRENCY, async (i) => {
    const res = await fetch(`${botUrl}${paths[i % paths.length]}/session`, { method: 'POST', body: '{}' });
    if (res.status !== 200) throw new Error(`the session answered ${res.status}`);
    await res.arrayBuffer();
  });
}

/**
 * Sessions per second on PostgreSQL with the rate limits shared through the database (as every
 * replica there runs) beside the same bot keeping them in memory, both in processes of their own.
 */
export async function benchSessionLimits(fakes: Fakes): Promise<void> {
  const database = await createPostgresDatabase();
  try {
    const env = { ...fakes.env(database.url), LOG_LEVEL: 'warn' };
    const perBot = WARM_UP_LINKS + LIMIT_ROUNDS * ROUND_LINKS;
    const paths = await issueLinks(env, 2 * perBot);
    const bots = {
      memory: { server: await spawnServer('bench/limits-bot.ts', { ...env, LOG_LEVEL: 'info', BENCH_LIMITS: 'memory' }, botPort), links: paths.slice(0, perBot), seconds: 0 },
      shared: { server: await spawnServer('bench/limits-bot.ts', { ...env, LOG_LEVEL: 'info' }, botPort), links: paths.slice(perBot), seconds: 0 },
    };
    try {
      for (const bot of Object.values(bots)) await mintRate(bot.server.url, bot.links.slice(0, WARM_UP_LINKS), WARM_UP_MINTS);
      for (let round = 0; round < LIMIT_ROUNDS; round++) {
        for (const bot of Object.values(bots)) {
          const links = bot.links.slice(WARM_UP_LINKS + round * ROUND_LINKS, WARM_UP_LINKS + (round + 1) * ROUND_LINKS);
          bot.seconds += ROUND_MINTS / (await mintRate(bot.server.url, links, ROUND_MINTS));
        }
      }
    } finally {
      await Promise.all(Object.values(bots).map((bot) => bot.server.stop()));
    }
    const rate = (bot: { seconds: number }) => (LIMIT_ROUNDS * ROUND_MINTS) / bot.seconds;
    console.log(`hosted-page sessions minted per second on PostgreSQL, ${CONCURRENCY} concurrent, ${LIMIT_ROUNDS} x ${ROUND_MINTS} requests each`);
    console.log(`  limits in memory       ${rate(bots.memory).toFixed(0)}/s`);
    console.log(`  limits shared (PostgreSQL) ${rate(bots.shared).toFixed(0)}/s`);
    console.log(`  shared / in memory     ${(rate(bots.shared) / rate(bots.memory)).toFixed(2)} (aim: at least 0.8)`);
  } finally {
    await database.drop();
  }
}
