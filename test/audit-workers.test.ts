// The audit trail's background work in the running bot: the sealer chains what commands write,
// and AUDIT_RETENTION removes what is past it, with verify green throughout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../src/app.js';
import { verifyTrail } from '../src/core/audit/verify.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { commandAt, ORGS, startFakes, USERS, type Fakes } from './helpers/bot.js';
import { databaseKinds, rawQuery, type TestDatabase } from './helpers/database.js';

const DAY = 86_400_000;

/** Waits until `check` holds, looking every 50 ms for up to 10 s. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await check()); waited += 50) {
    if (waited > 10_000) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(databaseKinds)('the audit workers in the running bot, on $kind', ({ create }) => {
  let fakes: Fakes;
  let database: TestDatabase;
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const start = () => startBot(loadConfig({ ...fakes.env(database.url), AUDIT_RETENTION: '30d', LOG_LEVEL: 'error' }), createLogger('error'), { now });

  beforeAll(async () => {
    [fakes, database] = await Promise.all([startFakes(), create()]);
  });

  afterAll(async () => {
    await fakes?.close();
    await database?.drop();
  });

  const links = async () => Number((await rawQuery(database, 'SELECT COUNT(*) AS n FROM "Link"'))[0]?.n);
  const trail = async () => {
    const db = await openDatabase(database.url);
    try {
      return await verifyTrail(db.audit);
    } finally {
      await db.close();
    }
  };

  it('seals what a command wrote within seconds, and a later start past AUDIT_RETENTION removes it, the chain intact', async () => {
    let bot = await start();
    try {
      const url = `http://127.0.0.1:${bot.port}`;
      await commandAt(fakes.slack, url, `map acme ${ORGS.acme.id}`, { userId: USERS.admin.id, channelId: 'C0GENERAL' });
      await commandAt(fakes.slack, url, 'acme', { userId: USERS.csm.id, channelId: 'C0ACME' });
      await until(async () => (await links()) === 1 && (await trail()).pending === 0);
    } finally {
      await bot.stop();
    }
    expect(await trail()).toMatchObject({ intact: true, pending: 0 });

    // Forty days on, the link's last activity is past the thirty kept: the sweep at start removes it.
    offsetMs = 40 * DAY;
    bot = await start();
    try {
      await until(async () => (await links()) === 0);
    } finally {
      await bot.stop();
    }
    const [retention] = await rawQuery(database, 'SELECT "record" FROM "AuditEntry" WHERE "kind" = \'retention\'');
    expect(JSON.parse(String(retention?.record))).toMatchObject({ links: 1 });
    expect(await trail()).toMatchObject({ intact: true, pending: 0 });
  });
});
