// The hosted page and Scalekit's webhooks once a shutdown began: refused with 503 (the load
// balancer sends the visitor elsewhere, Scalekit redelivers) while the work under way finishes.
import { expect, it } from 'vitest';
import { linkIn, ORGS, readyz, startTestBot, USERS } from '../helpers/bot.js';
import { createSqliteDatabase } from '../helpers/database.js';

it('refuses new page and webhook requests with 503 while a command under way finishes, then stops', { timeout: 20_000 }, async () => {
  const database = await createSqliteDatabase();
  const t = await startTestBot({ databaseUrl: database.url, env: { SCALEKIT_WEBHOOK_SECRET: 'whsec_test', SHUTDOWN_GRACE: '10s' }, scalekitTimeoutMs: 10_000 });
  try {
    await t.command(`map acme ${ORGS.acme.id}`, { userId: USERS.admin.id });
    const link = linkIn((await t.command('acme')).all);
    // A direct link waits on Scalekit: work under way when the shutdown begins.
    t.scalekit.setDelay(3_000); // long enough for the requests below, well within the grace
    const acked = await t.send('acme --direct');
    expect(acked.status).toBe(200);
    const stopping = t.bot.stop();

    for (const [path, method] of [[link.path, 'GET'], [`${link.path}/session`, 'POST'], ['/webhooks/scalekit', 'POST']] as const) {
      const res = await fetch(`${t.appUrl}${path}`, { method, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, path).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toEqual({ error: 'shutting_down' });
    }
    expect(await readyz(t.appUrl)).toEqual({ status: 503, body: { status: 'shutting down', checks: {} } });

    await stopping;
    // The command acknowledged before the shutdown got its answer: the direct link.
    expect(t.slack.responses.map((post) => JSON.stringify(post.body)).filter((body) => body.includes('Single-use portal link'))).toHaveLength(1);
  } finally {
    t.scalekit.setDelay(0);
    await Promise.all([t.scalekit.close(), t.slack.close()]);
    await database.drop();
  }
});
