import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/ports.js';
import { SetupNotices } from '../../src/core/links/setup-notices.js';
import { openDatabase } from '../../src/db/client.js';
import { databaseKinds, type TestDatabase } from '../helpers/database.js';
import { asIssued, newLink } from '../helpers/fixtures.js';

describe.each(databaseKinds)('telling the issuer once that setup finished, on $kind', ({ create }) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await create();
    db = await openDatabase(database.url);
    await db.links.create(
      newLink({
        id: 'L-notice',
        orgId: 'org_acme1',
        tokenHash: 'hash-notice',
        expiresAt: new Date(Date.now() + 86_400_000),
        createdAt: new Date(),
      }),
    );
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('sends one message when the page and Scalekit report the same part at the same moment', async () => {
    const sent: string[] = [];
    const notifications = new SetupNotices(db, {
      setupCompleted: async (event) => {
        sent.push(`${event.part}:${event.source}`);
      },
    });
    const link = asIssued(await db.links.findById('L-notice'));
    await Promise.all([
      notifications.completedThrough(link, 'sso', 'page'),
      notifications.completedThrough(link, 'sso', 'page'),
      notifications.completedFor('org_acme1', 'sso'),
      notifications.completedFor('org_acme1', 'directory'),
    ]);
    expect(sent.filter((entry) => entry.startsWith('sso:'))).toHaveLength(1);
    expect(sent.filter((entry) => entry.startsWith('directory:'))).toEqual(['directory:scalekit']);
    const notified = (await db.links.events('L-notice')).filter((event) => event.type === 'issuer_notified');
    expect(notified.map((event) => event.detail).sort()).toEqual(['directory', 'sso']);
  });
});
