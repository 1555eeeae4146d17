// The database failing under the running bot, and coming back: a command says nothing was sent,
// /readyz answers 503, and service resumes without a restart.
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, databaseKinds, rawQuery } from '../../helpers/database.js';
import { findLink, linkIn, ORGS, readyz, useTestBot } from '../../helpers/bot.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';

describe.each(databaseKinds)('the database failing under the bot, on $kind', ({ create }) => {
  const ctx = useTestBot({ create, aliases: { acme: ORGS.acme.id } });

  it('with the Link table gone, says nothing was sent and is not ready; once it is back, both recover without a restart', async () => {
    linkIn((await ctx.t.command('acme')).all);
    await rawQuery(ctx.database, 'ALTER TABLE "Link" RENAME TO "Link_away"');
    try {
      const reply = await ctx.t.command('acme');
      expect(reply.all).toContain('nothing was sent');
      expect(findLink(reply.all)).toBeUndefined();
      await expect.poll(() => readyz(ctx.t.appUrl), { timeout: 5_000 }).toEqual({ status: 503, body: { status: 'not ready', checks: { database: 'failed', migrations: 'ok' } } });
      // /healthz keeps its meaning: the database answers.
      expect((await fetch(`${ctx.t.appUrl}/healthz`)).status).toBe(200);
    } finally {
      await rawQuery(ctx.database, 'ALTER TABLE "Link_away" RENAME TO "Link"');
    }
    await expect.poll(async () => (await readyz(ctx.t.appUrl)).status, { timeout: 5_000 }).toBe(200);
    linkIn((await ctx.t.command('acme')).all);
  });
});

describe('PostgreSQL ending the bot\'s connections', () => {
  const [, postgres] = databaseKinds;
  const ctx = useTestBot({ create: postgres.create, aliases: { acme: ORGS.acme.id } });

  it('the next command and the next probe succeed on fresh connections', async () => {
    linkIn((await ctx.t.command('acme')).all);
    expect((await readyz(ctx.t.appUrl)).status).toBe(200);
    const database = new URL(ctx.database.url).pathname.slice(1);
    const ended = await rawQuery<{ ended: boolean }>(ctx.database, 'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
    expect(ended.length).toBeGreaterThan(0);
    expect(ended.every((row) => row.ended)).toBe(true);

    const link = linkIn((await ctx.t.command('acme')).all);
    expect((await fetch(`${ctx.t.appUrl}${link.path}`)).status).toBe(200);
    // Past the cached result (at most a second old), the probe runs on a fresh connection too.
    await expect.poll(async () => (await readyz(ctx.t.appUrl)).status, { timeout: 5_000 }).toBe(200);
  });
});

describe('PostgreSQL out of reach', () => {
  let proxy: TcpProxy | undefined;
  // The bot reaches the server only through a relay the test can cut.
  const ctx = useTestBot({
    create: async () => {
      const database = await createPostgresDatabase();
      const url = new URL(database.url);
      proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
      url.port = String(proxy.port);
      return { ...database, url: url.toString() };
    },
    aliases: { acme: ORGS.acme.id },
  });
  afterAll(async () => proxy?.close());

  it('says nothing was sent and is not ready while the server cannot be reached, and recovers without a restart once it can', async () => {
    const relay = proxy as TcpProxy;
    linkIn((await ctx.t.command('acme')).all);
    await relay.cut();
    try {
      const reply = await ctx.t.command('acme');
      expect(reply.all).toContain('nothing was sent');
      expect(findLink(reply.all)).toBeUndefined();
      await expect.poll(async () => (await readyz(ctx.t.appUrl)).status, { timeout: 10_000 }).toBe(503);
      expect((await readyz(ctx.t.appUrl)).body).toMatchObject({ status: 'not ready', checks: { database: 'failed' } });
      expect((await fetch(`${ctx.t.appUrl}/healthz`)).status).toBe(503);
    } finally {
      await relay.restore();
    }
    await expect.poll(async () => (await readyz(ctx.t.appUrl)).status, { timeout: 10_000 }).toBe(200);
    const link = linkIn((await ctx.t.command('acme')).all);
    expect((await fetch(`${ctx.t.appUrl}${link.path}`)).status).toBe(200);
  }, 40_000);
});
