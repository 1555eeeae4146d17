// GET /readyz through the real bot: ready when links can be written, the migrations this code
// ships are applied and (in Socket Mode) Slack's connection is up; 503 naming the check otherwise.
import { describe, expect, it } from 'vitest';
import { databaseKinds, rawQuery } from '../helpers/database.js';
import { ORGS, readyz, useTestBot } from '../helpers/bot.js';


describe.each(databaseKinds)('/readyz on $kind', ({ create }) => {
  const ctx = useTestBot({ create, aliases: { acme: ORGS.acme.id } });

  it('answers 200 when links can be written and every migration is applied, and /healthz keeps its meaning', async () => {
    expect(await readyz(ctx.t.appUrl)).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', migrations: 'ok' } } });
    expect((await fetch(`${ctx.t.appUrl}/healthz`)).status).toBe(200);
  });

  it('answers 503 naming the migrations while one the code ships is not applied, and 200 again once it is', async () => {
    const [last] = await rawQuery<{ migration_name: string }>(ctx.database, 'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1');
    const name = last?.migration_name as string;
    const rename = (from: string, to: string) => rawQuery(ctx.database, `UPDATE "_prisma_migrations" SET migration_name = '${to}' WHERE migration_name = '${from}'`);
    await rename(name, `${name}_elsewhere`);
    try {
      await expect.poll(() => readyz(ctx.t.appUrl), { timeout: 5_000 }).toEqual({ status: 503, body: { status: 'not ready', checks: { database: 'ok', migrations: 'failed' } } });
    } finally {
      await rename(`${name}_elsewhere`, name);
    }
    await expect.poll(async () => (await readyz(ctx.t.appUrl)).status, { timeout: 5_000 }).toBe(200);
  });

  it("writes nothing, and leaves alone the bot's own writes made while it probes", async () => {
    const before = await rawQuery<{ n: number | bigint }>(ctx.database, 'SELECT COUNT(*) AS n FROM "Link"');
    // Probes and links issued at the same moment, each probe a fresh check (they are at most a second old).
    const commands = Array.from({ length: 12 }, () => ctx.t.command('acme'));
    for (let round = 0; round < 3; round++) {
      await Promise.all(Array.from({ length: 5 }, () => readyz(ctx.t.appUrl)));
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    }
    const issued = (await Promise.all(commands)).filter((reply) => reply.all.includes('/p/')).length;
    expect(issued).toBe(12);
    const after = await rawQuery<{ n: number | bigint }>(ctx.database, 'SELECT COUNT(*) AS n FROM "Link"');
    expect(Number(after[0]?.n) - Number(before[0]?.n)).toBe(12);
    expect(await rawQuery(ctx.database, `SELECT "id" FROM "Link" WHERE "id" LIKE 'readiness%'`)).toEqual([]);
  });
});

describe('/readyz in Socket Mode', () => {
  const ctx = useTestBot({ socketMode: true });

  it('answers 503 naming Slack while the connection is down, and 200 again once the bot reconnects', async () => {
    expect(await readyz(ctx.t.appUrl)).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', slack: 'ok' } } });
    // Slack asks the bot to reconnect, and refuses it a new connection twice (the client's retries take them).
    for (let i = 0; i < 2; i++) ctx.t.slack.failNextWithStatus('apps.connections.open', 503);
    ctx.t.slack.socketMode.disconnect('refresh_requested');
    await expect.poll(() => readyz(ctx.t.appUrl), { timeout: 10_000, interval: 50 }).toEqual({ status: 503, body: { status: 'not ready', checks: { database: 'ok', migrations: 'ok', slack: 'failed' } } });
    await expect.poll(async () => (await readyz(ctx.t.appUrl)).status, { timeout: 30_000, interval: 200 }).toBe(200);
  }, 40_000);
});
