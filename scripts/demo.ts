// npm run demo: the real bot (Bolt app, Scalekit SDK, SQLite, hosted page) against local
// emulators of Slack and Scalekit, so anyone can try it from a browser without accounts.
// Ctrl-C stops everything: the bot and both emulators live in this one process.
import { rmSync } from 'node:fs';
import { startBot } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { generateWebhookSecret, startFakeScalekit } from '../emulators/scalekit/server.js';
import { sendSlashCommand, startSlackFake } from '../emulators/slack/index.js';
import { seedDemo } from './demo-seed.js';
import { ADMINS, BOT_USER_ID, CHANNELS, CSM_GROUP, ISSUERS, ORGS, TEAM, USERS } from '../emulators/world.js';

const basePort = Number(process.env.DEMO_PORT ?? 3000);
const ports = { bot: basePort, slack: basePort + 1, scalekit: basePort + 2, metrics: basePort + 3 };
const botUrl = `http://127.0.0.1:${ports.bot}`;
const slackSecrets = { botToken: 'xoxb-demo-token', signingSecret: 'demo-signing-secret' };
const scalekitCredentials = { clientId: 'skc_demo', clientSecret: 'demo-client-secret' };
const webhookSecret = generateWebhookSecret();

/**
 * The demo's own SQLite file, made afresh on each run: the emulated Scalekit keeps nothing between
 * runs, so customers added in an earlier one would be mapped to organizations it no longer knows.
 */
const DEMO_DATABASE = './data/demo.db';

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${DEMO_DATABASE}${suffix}`, { force: true });

  const scalekit = await startFakeScalekit({
    ...scalekitCredentials,
    port: ports.scalekit,
    orgs: Object.values(ORGS),
    webhook: { url: `${botUrl}/webhooks/scalekit`, secret: webhookSecret },
  });
  const slack = await startSlackFake({
    ...slackSecrets,
    port: ports.slack,
    teamId: TEAM.id,
    teamName: TEAM.name,
    botUserId: BOT_USER_ID,
    users: Object.values(USERS),
    usergroups: { [CSM_GROUP.id]: CSM_GROUP.members },
    channels: CHANNELS,
    app: { eventsUrl: `${botUrl}/slack/events`, signingSecret: slackSecrets.signingSecret },
  });

  const config = loadConfig({
    SLACK_SIGNING_SECRET: slackSecrets.signingSecret,
    SLACK_BOT_TOKEN: slackSecrets.botToken,
    SLACK_API_URL: slack.apiUrl,
    SCALEKIT_ENVIRONMENT_URL: scalekit.url,
    SCALEKIT_CLIENT_ID: scalekitCredentials.clientId,
    SCALEKIT_CLIENT_SECRET: scalekitCredentials.clientSecret,
    SCALEKIT_WEBHOOK_SECRET: webhookSecret,
    DATABASE_URL: process.env.DATABASE_URL ?? `file:${DEMO_DATABASE}`,
    PORT: String(ports.bot),
    // On this machine only: the demo has no Prometheus elsewhere to scrape it.
    METRICS_PORT: String(ports.metrics),
    METRICS_HOST: '127.0.0.1',
    PUBLIC_BASE_URL: botUrl,
    SSO_PORTAL_ISSUERS: ISSUERS,
    SSO_PORTAL_ADMINS: ADMINS,
    BRAND_NAME: 'Demo SaaS',
    // Minutes, not days, so that a reminder shows while you watch.
    REMINDER_CHECK_EVERY: '5s',
    REMIND_UNOPENED_AFTER: '30s',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const bot = await startBot(config, createLogger(config.logLevel));

  // Seed through the real path: Ada (an admin) maps Acme and its customer channel.
  const acmeChannel = CHANNELS.find((channel) => channel.name === 'customer-acme')?.id as string;
  await sendSlashCommand({
    appUrl: botUrl,
    ...slackSecrets,
    text: `map acme ${ORGS.acme.id} --channel`,
    userId: USERS.admin.id,
    teamId: TEAM.id,
    channelId: acmeChannel,
    responseUrl: slack.responseUrl({ channelId: acmeChannel, userId: USERS.admin.id }),
  });

  // A fresh database gets a few customers at different stages, so that the Home tab shows a board.
  if ((await bot.db.links.recent({ limit: 1 })).length === 0) await seedDemo({ botUrl, slack, signingSecret: slackSecrets.signingSecret });

  console.log(`
sso-portal-bot demo is running.

  Slack console   ${slack.consoleUrl}?user=${USERS.csm.id}&channel=${acmeChannel}
  Bot             ${botUrl}   (hosted pages under /p/...; probes /healthz and /readyz)
  Scalekit        ${scalekit.url}   (emulated)
  Metrics         http://127.0.0.1:${bot.metricsPort}/metrics   (Prometheus text: sso_portal_* and Node's)

You are ${USERS.csm.realName}, a CSM, in #customer-acme (mapped to ${ORGS.acme.displayName}).
Apps → sso-portal-bot opens the Home tab: your customers, by how far their setup has come
(seeded afresh on each run: an attempt for wayne-enterprises failed, Umbrella waits to be opened,
Hooli is in the portal, Stark finished SSO; as Ada you also see Gina's Initech). Try:

  /sso-portal                    issue a hosted setup link for the channel's customer
  /sso-portal acme --idp okta    ...with Okta's guides; open the link, press "Configure Okta SAML"
  /sso-portal links acme         views, portal sessions and "SSO enabled"
  /sso-portal status             did Acme finish? (Scalekit's connections and webhooks)
  (the bot also tells you under Direct messages when Acme finishes, and
   reminds you there of a link nobody opened for 30 seconds)
  /sso-portal acme --direct      a raw single-use Scalekit link
  /sso-portal acme --scim        directory sync only: its portal offers nothing else
  /sso-portal help

Switch to ${USERS.admin.realName} for admin commands (new, map, unmap, orgs), the team board and the audit:

  the Home tab                   the whole team's board, narrowed by CSM and stage, and New customer
  /sso-portal new "Cyberdyne" --domain cyberdyne.example
                                 a Scalekit organization, its domain and an alias, from Slack
  /sso-portal audit              counts of every link, and all of them as a CSV file
                                 under Direct messages (click its name to download it)
  /sso-portal audit acme --issuer @${USERS.csm.name} --since 30d

and, in another terminal, check that nobody edited the trail:

  DATABASE_URL=${config.databaseUrl} npm run audit-log -- verify

or to ${USERS.stranger.realName} to see a refusal. Ctrl-C stops everything.
`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await bot.stop();
    // The bot says which of its steps is slow; say it of the emulators too.
    const slow = setTimeout(() => console.error('Still closing the emulated Slack and Scalekit…'), 2_000);
    await Promise.all([slack.close(), scalekit.close()]);
    clearTimeout(slow);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`The demo could not start: ${message}`);
  if (/EADDRINUSE/.test(message)) console.error(`Ports ${ports.bot}-${ports.metrics} must be free; DEMO_PORT=4000 npm run demo uses 4000-4003.`);
  process.exit(1);
});
