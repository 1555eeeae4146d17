import { beforeEach, describe, expect, it, vi } from 'vitest';
import { watchBoardChanges } from '../../../src/core/board/changes.js';
import type { NewOwedMessage, ReminderReason } from '../../../src/core/outbox/message.js';
import type { Database } from '../../../src/core/ports.js';
import { failedAttempt, newLink } from '../../helpers/fixtures.js';
import { InMemoryDatabase } from '../../helpers/in-memory-database.js';
import { TestClock } from '../../helpers/use-cases.js';

const WEEK = new Date('2026-11-08T00:00:00Z');
let stored: InMemoryDatabase;
let db: Database;
let changed: string[][];
let failed: unknown[];

beforeEach(async () => {
  stored = new InMemoryDatabase(new TestClock().now);
  changed = [];
  failed = [];
  db = watchBoardChanges(stored, (issuerIds) => changed.push([...issuerIds].sort()), (error) => failed.push(error));
  // Written around the watch: no report.
  await stored.links.create(newLink({ id: 'L-ada', issuerId: 'U-ada', tokenHash: 'hash-ada', expiresAt: WEEK }));
  await stored.links.create(newLink({ id: 'L-bob', issuerId: 'U-bob', tokenHash: 'hash-bob', expiresAt: WEEK }));
  await stored.links.create(newLink({ id: 'L-cleo', issuerId: 'U-cleo', orgId: 'org_globex', tokenHash: 'hash-cleo', expiresAt: WEEK }));
});

/** Whose boards changed, as reported once the look-ups that follow a write are done. */
async function reported(): Promise<string[][]> {
  await new Promise((resolve) => setImmediate(resolve));
  const seen = changed;
  changed = [];
  return seen;
}

const at = new Date('2026-11-02T00:00:00Z');
const reminder = (linkId: string, reason: ReminderReason, withMessage: boolean) => {
  const message: NewOwedMessage = {
    id: `reminder:${linkId}:${reason}`,
    createdAt: at,
    message: {
      kind: 'reminder',
      to: { userId: 'U-ada' },
      facts: { issuerId: 'U-ada', orgName: 'Acme', linkId, reason, issuedAt: '', expiresAt: '', views: 0, sessions: 0, lastSessionAt: null, partsDone: [] },
    },
  };
  return { linkId, reason, at, message: withMessage ? message : null };
};

describe('telling whose boards a write changed', () => {
  it('reports the sender of a link or attempt written', async () => {
    await db.links.create(newLink({ id: 'L-new', issuerId: 'U-dan' }));
    await db.links.create(failedAttempt({ id: 'L-failed', issuerId: 'U-eve', failureReason: 'timeout' }));
    expect(await reported()).toEqual([['U-dan'], ['U-eve']]);
  });

  it('reports the sender of a link that was viewed, used or told of a finished part, once per claim', async () => {
    await db.links.addEvent({ linkId: 'L-ada', type: 'viewed', detail: null, actor: null });
    expect(await reported()).toEqual([['U-ada']]);
    // What the board does not show moves nothing: a refused request to a dead link's page, a relayed portal event.
    await db.links.addEvent({ linkId: 'L-ada', type: 'refused_expired', detail: null, actor: null });
    await db.links.addEvent({ linkId: 'L-ada', type: 'portal_event', detail: 'PORTAL_LOAD_SUCCESS', actor: null });
    expect(await reported()).toEqual([]);
    expect(await db.links.claimSetupNotice({ linkId: 'L-bob', part: 'sso', actor: 'page', messages: [] })).toBe(true);
    // A part set up counts for everyone who sent the customer a link: Ada's link is to the same organization, Cleo's is not.
    expect(await reported()).toEqual([['U-ada', 'U-bob']]);
    expect(await db.links.claimSetupNotice({ linkId: 'L-bob', part: 'sso', actor: 'page', messages: [] })).toBe(false);
    expect(await reported()).toEqual([]);
  });

  it('reports the sender of a link revoked or extended, and nothing when the write changed nothing', async () => {
    expect(await db.links.extend({ linkId: 'L-ada', from: WEEK, to: new Date('2026-11-10T00:00:00Z'), by: 'U-admin', at })).toBe(true);
    expect(await reported()).toEqual([['U-ada']]);
    expect(await db.links.extend({ linkId: 'L-ada', from: WEEK, to: new Date('2026-11-12T00:00:00Z'), by: 'U-admin', at })).toBe(false);
    expect(await reported()).toEqual([]);
    expect(await db.links.revoke({ linkId: 'L-bob', by: 'U-admin', at })).toBe(true);
    expect(await reported()).toEqual([['U-bob']]);
    expect(await db.links.revoke({ linkId: 'L-bob', by: 'U-admin', at })).toBe(false);
    expect(await db.links.revoke({ linkId: 'nope', by: 'U-admin', at })).toBe(false);
    expect(await reported()).toEqual([]);
  });

  it('reports both senders of a replacement: the old link\'s and the fresh one\'s', async () => {
    const fresh = newLink({ id: 'L-fresh', issuerId: 'U-admin', tokenHash: 'hash-fresh', createdAt: at });
    expect(await db.links.replace({ linkId: 'L-ada', fresh, posted: null, by: 'U-admin', at })).toBe(true);
    expect(await reported()).toEqual([['U-ada', 'U-admin']]);
    const again = newLink({ id: 'L-fresh-2', issuerId: 'U-admin', tokenHash: 'hash-fresh-2', createdAt: at });
    expect(await db.links.replace({ linkId: 'L-ada', fresh: again, posted: null, by: 'U-admin', at })).toBe(false);
    expect(await reported()).toEqual([]);
  });

  it('reports the senders of links reminded of, and nothing for a reminder settled unsent', async () => {
    expect(await db.reminders.claim([reminder('L-ada', 'unopened', true), reminder('L-bob', 'unopened', false)])).toBe(2);
    expect(await reported()).toEqual([['U-ada']]);
    expect(await db.reminders.claim([reminder('L-cleo', 'expiring', false)])).toBe(1);
    expect(await reported()).toEqual([]);
    // Claimed already (by another replica): nothing this call wrote.
    expect(await db.reminders.claim([reminder('L-ada', 'unopened', true)])).toBe(0);
    expect(await reported()).toEqual([]);
  });

  it('reports everyone who sent a link to an organization Scalekit told of, once per event', async () => {
    const event = { id: 'evt_1', orgId: 'org_acme', type: 'organization.sso_enabled', occurredAt: at };
    expect(await db.orgEvents.record(event)).toBe(true);
    expect(await reported()).toEqual([['U-ada', 'U-bob']]);
    expect(await db.orgEvents.record(event)).toBe(false);
    expect(await db.orgEvents.record({ ...event, id: 'evt_2', orgId: 'org_nobody_sent_to' })).toBe(true);
    expect(await reported()).toEqual([]);
  });

  it('reports nothing for a write that failed, nor for one that changes no board', async () => {
    await expect(db.links.create(newLink({ id: 'L-ada' }))).rejects.toThrow(/Unique constraint/);
    await expect(db.links.addEvent({ linkId: 'nope', type: 'viewed', detail: null, actor: null })).rejects.toThrow(/Foreign key/);
    expect(await db.reminders.turnOff({ linkId: 'L-ada', by: 'U-ada', at })).toBe(true);
    await db.links.recordPost({ linkId: 'L-ada', channelId: 'C1', ts: '1.2' });
    expect(await reported()).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('hands a failure to find out whose boards changed to `failed`, after the write went through', async () => {
    const trouble = new Error('the database went away');
    vi.spyOn(stored.links, 'findById').mockRejectedValueOnce(trouble);
    await db.links.addEvent({ linkId: 'L-ada', type: 'viewed', detail: null, actor: null });
    expect(await reported()).toEqual([]);
    expect(failed).toEqual([trouble]);
    expect(await stored.links.countEvents('L-ada', 'viewed')).toBe(1);
  });

  it('reads through to the database as it is', async () => {
    expect(await db.links.findById('L-ada')).toEqual(await stored.links.findById('L-ada'));
    expect(db.mappings).toBe(stored.mappings);
    expect(db.outbox).toBe(stored.outbox);
    expect(db.audit).toBe(stored.audit);
    await expect(db.ping()).resolves.toBeUndefined();
    expect(await reported()).toEqual([]);
  });
});
