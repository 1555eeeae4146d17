// npm run bench: how fast the bot answers Slack, issues links, mints portal sessions, delivers
// what it owes and sweeps for reminders, against the local emulators. Figures are printed, never
// asserted: a busy machine would make a timed test flaky. The bot runs as in production (npm start:
// dist/main.js, built first) in its own process.
// npm run bench -- audit [--links N]: the audit trail at a million links (bench/audit.ts), on its
// own because seeding and exporting it takes minutes.
// npm run bench -- limits: only the hosted page's sessions per second with the shared rate limits
// beside the in-memory ones (part of the whole run too).
// npm run bench -- start: only the cold start and idle memory (part of the whole run too).
import { parseArgs } from 'node:util';
import { ORGS, SIGNING_SECRET, startFakes, TEAM_ID, USERS, type Fakes } from '../test/helpers/bot.js';
import { createSqliteDatabase, type TestDatabase } from '../test/helpers/database.js';
import { sendSlashCommand } from '../emulators/slack/index.js';
import { benchAudit } from './audit.js';
import { benchOutbox } from './outbox.js';
import { benchReminders } from './reminders.js';
import { benchBoard } from './board.js';
import { benchReplicaStart, benchStart } from './start.js';
import { benchSessionLimits, benchSessions } from './session.js';
import { benchSlashCommand } from './slash-command.js';
import { botPort, spawnServer, type ChildServer } from './support.js';

async function benchBot(): Promise<void> {
  // Everything started is stopped again, whichever step fails.
  let fakes: Fakes | undefined;
  let database: TestDatabase | undefined;
  let bot: ChildServer | undefined;
  try {
    fakes = await startFakes();
    // Builds dist/ too: the bot below runs compiled, as npm start does.
    await benchStart(fakes);
    await benchReplicaStart(fakes);
    database = await createSqliteDatabase();
    const env = { ...fakes.env(database.url), TRUST_PROXY: 'true' };
    bot = await spawnServer('dist/main.js', env, botPort);
    await sendSlashCommand({
      appUrl: bot.url,
      signingSecret: SIGNING_SECRET,
      text: `map acme ${ORGS.acme.id}`,
      userId: USERS.admin.id,
      teamId: TEAM_ID,
      channelId: 'C0BENCH',
      responseUrl: fakes.slack.responseUrl(),
    });
    await fakes.slack.waitForResponse();
    await benchSlashCommand(fakes, bot.url, env);
    await benchSessions(fakes, bot.url, env);
    await benchSessionLimits(fakes);
    await benchOutbox(fakes);
    await benchReminders();
    await benchBoard();
  } finally {
    await bot?.stop();
    await fakes?.close();
    await database?.drop();
  }
}

/** One piece of the bench on its own, against emulators started for it. */
async function withFakes(piece: (fakes: Fakes) => Promise<void>): Promise<void> {
  const fakes = await startFakes();
  try {
    await piece(fakes);
  } finally {
    await fakes.close();
  }
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { links: { type: 'string' } } });
if (positionals[0] === 'audit' && positionals.length === 1) {
  const links = values.links === undefined ? undefined : Number(values.links);
  if (links !== undefined && !(Number.isInteger(links) && links > 0)) throw new Error(`--links must be a whole number above 0 (not ${values.links})`);
  await benchAudit(links);
} else if (positionals[0] === 'limits' && positionals.length === 1 && values.links === undefined) {
  await withFakes(benchSessionLimits);
} else if (positionals[0] === 'start' && positionals.length === 1 && values.links === undefined) {
  await withFakes(async (fakes) => {
    await benchStart(fakes);
    await benchReplicaStart(fakes);
  });
} else if (positionals.length === 0 && values.links === undefined) {
  await benchBot();
} else {
  throw new Error('usage: npm run bench [-- audit [--links N] | limits | start]');
}
