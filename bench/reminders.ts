// The reminder sweep over 100,000 links of which 1,000 are due, on SQLite and PostgreSQL: the
// tables are filled with bulk inserts, then one sweep claims the due reminders, and a second
// finds nothing new (what every later sweep costs).
import { ReminderSweep } from '../src/core/links/reminders.js';
import { openDatabase } from '../src/db/client.js';
import { databaseKinds, rawQuery, type TestDatabase } from '../test/helpers/database.js';
// The bot's default timings, as the use-case tests run them.
import { DAY, REMINDER_TIMINGS as TIMINGS } from '../test/helpers/use-cases.js';

const LINKS = 100_000;
const DUE = 1_000;
const CHUNK = 5_000;

/** A moment as each database keeps Prisma's DateTime (SQLite: text with an offset). */
const moment = (kind: TestDatabase['kind'], at: number) => `'${new Date(at).toISOString().replace('Z', kind === 'sqlite' ? '+00:00' : '')}'`;

/**
 * Links as they pile up: the first DUE unopened for four days (due), a third opened an hour ago
 * (live, not due), the rest sent a month ago and long expired; each opened link has a view and a
 * portal session.
 */
async function fill(database: TestDatabase, now: number): Promise<void> {
  const at = (offset: number) => moment(database.kind, now + offset);
  for (let start = 0; start < LINKS; start += CHUNK) {
    const links: string[] = [];
    const events: string[] = [];
    for (let i = start; i < start + CHUNK; i++) {
      const id = `'L-bench-${i}'`;
      const [created, expires] = i < DUE ? [-4 * DAY, 3 * DAY] : i < LINKS / 3 ? [-DAY, 6 * DAY] : [-30 * DAY, -23 * DAY];
      links.push(`(${id}, 'hosted', 'issued', 'T1', 'U1', 'carl', 'acme', 'org_${i % 500}', 'Org ${i % 500}', ${at(created)}, ${at(expires)})`);
      if (i >= DUE) {
        const opened = i < LINKS / 3 ? at(-3_600_000) : at(created + 3_600_000);
        events.push(`(${id}, 'viewed', ${opened})`, `(${id}, 'session_minted', ${opened})`);
      }
    }
    await rawQuery(
      database,
      `INSERT INTO "Link" ("id", "kind", "outcome", "teamId", "issuerId", "issuerName", "orgQuery", "orgId", "orgName", "createdAt", "expiresAt") VALUES ${links.join(',')}`,
    );
    if (events.length) await rawQuery(database, `INSERT INTO "LinkEvent" ("linkId", "type", "createdAt") VALUES ${events.join(',')}`);
  }
}

export async function benchReminders(): Promise<void> {
  console.log(`reminder sweep, ${LINKS.toLocaleString('en')} links of which ${DUE.toLocaleString('en')} are due`);
  for (const { kind, create } of databaseKinds) {
    const database = await create();
    const db = await openDatabase(database.url);
    try {
      const now = Date.now();
      await fill(database, now);
      if (database.kind === 'postgresql') await rawQuery(database, 'ANALYZE');
      const sweep = new ReminderSweep(db, TIMINGS, () => new Date(now), () => undefined);
      let started = performance.now();
      const claimed = await sweep.sweep();
      const first = performance.now() - started;
      if (claimed !== DUE) throw new Error(`the sweep claimed ${claimed} reminders, not ${DUE}`);
      started = performance.now();
      const again = await sweep.sweep();
      const next = performance.now() - started;
      if (again !== 0) throw new Error(`a second sweep claimed ${again} reminders`);
      console.log(`  ${kind.padEnd(10)} ${first.toFixed(0)} ms for the sweep that queues them, ${next.toFixed(0)} ms for the next (nothing due)`);
    } finally {
      await db.close();
      await database.drop();
    }
  }
}
