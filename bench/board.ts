// The Home tab's board, built from the database and rendered as Slack blocks, on SQLite and
// PostgreSQL: for a CSM with 200 customers, and for an admin over 5,000 links. Scalekit is not
// part of it (the board has no way to call it). Beside each, the same links read by one plain
// SQL statement, the floor any board must stand on.
import { AccessPolicy } from '../src/core/access.js';
import { RecentStatus } from '../src/core/board/scalekit-facts.js';
import { OnboardingBoard } from '../src/core/board/service.js';
import { openDatabase } from '../src/db/client.js';
import { homeView } from '../src/slack/blocks/home.js';
import { databaseKinds, rawQuery, type TestDatabase } from '../test/helpers/database.js';
import { DAY, REMINDER_TIMINGS } from '../test/helpers/use-cases.js';
import { median } from './support.js';

const LINKS = 5_000;
const CSM = 'U0CSM';
const CSM_CUSTOMERS = 200;
/** The CSM's share: two links to each of their customers; the rest spread over 24 colleagues and 1,000 customers. */
const CSM_LINKS = 2 * CSM_CUSTOMERS;
const ADMIN = 'U0ADMIN';
const RUNS = 30;

const moment = (kind: TestDatabase['kind'], at: number) => `'${new Date(at).toISOString().replace('Z', kind === 'sqlite' ? '+00:00' : '')}'`;

/** Links over the last 80 days, a third opened, a sixth in the portal, a tenth finished, some reminded, some failed. */
async function fill(database: TestDatabase, now: number): Promise<void> {
  const at = (offset: number) => moment(database.kind, now + offset);
  const links: string[] = [];
  const events: string[] = [];
  const notices: string[] = [];
  for (let i = 0; i < LINKS; i++) {
    const id = `'L-board-${i}'`;
    const mine = i < CSM_LINKS;
    const org = mine ? `org_csm_${i % CSM_CUSTOMERS}` : `org_${i % 1_000}`;
    const issuer = mine ? CSM : `U0CSM${i % 24}`;
    const created = -((i * 80 * DAY) / LINKS);
    if (i % 50 === 7) {
      links.push(`(${id}, 'hosted', 'failed', 'T1', '${issuer}', 'csm', '${org}', '${org}', 'Org ${org}', ${at(created)}, NULL, 'Scalekit unavailable')`);
      continue;
    }
    links.push(`(${id}, 'hosted', 'issued', 'T1', '${issuer}', 'csm', '${org}', '${org}', 'Org ${org}', ${at(created)}, ${at(created + 7 * DAY)}, NULL)`);
    if (i % 3 === 0) events.push(`(${id}, 'viewed', ${at(created + 3_600_000)})`);
    if (i % 6 === 0) events.push(`(${id}, 'session_minted', ${at(created + 7_200_000)})`, `(${id}, 'session_minted', ${at(created + DAY)})`);
    if (i % 5 === 1) events.push(`(${id}, 'reminded', ${at(created + 3 * DAY)})`);
    if (i % 10 === 0) notices.push(`(${id}, 'sso', ${at(created + 2 * DAY)})`);
  }
  await rawQuery(database, `INSERT INTO "Link" ("id", "kind", "outcome", "teamId", "issuerId", "issuerName", "orgQuery", "orgId", "orgName", "createdAt", "expiresAt", "failureReason") VALUES ${links.join(',')}`);
  await rawQuery(database, `INSERT INTO "LinkEvent" ("linkId", "type", "createdAt") VALUES ${events.join(',')}`);
  await rawQuery(database, `INSERT INTO "SetupNotice" ("linkId", "part", "createdAt") VALUES ${notices.join(',')}`);
}

export async function benchBoard(): Promise<void> {
  console.log(`Home tab board (median of ${RUNS}; aim: under 50 ms, Scalekit not called)`);
  for (const { kind, create } of databaseKinds) {
    const database = await create();
    const db = await openDatabase(database.url);
    try {
      const now = Date.now();
      await fill(database, now);
      if (database.kind === 'postgresql') await rawQuery(database, 'ANALYZE');
      const directory = { usergroupMembers: async () => [], userName: async (id: string) => id };
      const clock = () => new Date(now);
      const access = new AccessPolicy([CSM], [ADMIN], directory, clock);
      const board = new OnboardingBoard({ db, access, recentStatus: new RecentStatus(clock), windowMs: 90 * DAY, timings: REMINDER_TIMINGS, now: clock });
      const since = moment(database.kind, now - 90 * DAY);
      for (const [who, userId, where] of [
        [`a CSM with ${CSM_CUSTOMERS} customers (${CSM_LINKS} links)`, CSM, `AND "issuerId" = '${CSM}'`],
        [`an admin over ${LINKS.toLocaleString('en')} links`, ADMIN, ''],
      ] as const) {
        const built = await median(RUNS, async () => homeView(await board.forUser(userId), null));
        const raw = await median(RUNS, () => rawQuery(database, `SELECT * FROM "Link" WHERE "createdAt" >= ${since} ${where}`));
        console.log(`  ${kind.padEnd(10)} ${who}: ${built.toFixed(1)} ms (reading the same links in plain SQL: ${raw.toFixed(1)} ms, ${(built / raw).toFixed(1)}x)`);
      }
    } finally {
      await db.close();
      await database.drop();
    }
  }
}
