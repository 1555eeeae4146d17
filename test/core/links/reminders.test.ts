import { beforeEach, describe, expect, it } from 'vitest';
import { Refused } from '../../../src/core/errors.js';
import type { NewLinkRecord } from '../../../src/core/links/link.js';
import { failedAttempt, newLink } from '../../helpers/fixtures.js';
import { DAY, useCases, USERS, type UseCases } from '../../helpers/use-cases.js';

const HOUR = 3_600_000;
let cases: UseCases;

beforeEach(() => {
  cases = useCases();
});

/** A hosted link Carl (a CSM) sent now, for a week. */
const sent = async (id: string, overrides: Partial<Extract<NewLinkRecord, { outcome: 'issued' }>> = {}) => {
  const now = cases.clock.now();
  await cases.db.links.create(
    newLink({ id, issuerId: USERS.csm.id, orgName: 'Acme Corp', createdAt: now, expiresAt: new Date(now.getTime() + 7 * DAY), ...overrides }),
  );
};
const opened = async (id: string) => {
  await cases.db.links.addEvent({ linkId: id, type: 'viewed', detail: null, actor: null, createdAt: cases.clock.now() });
  await cases.db.links.addEvent({ linkId: id, type: 'session_minted', detail: 'lnk_1', actor: null, createdAt: cases.clock.now() });
};
/** Sweeps, and answers which reminders were sent since the last look, as `linkId:reason`. */
let seen = 0;
const sweep = async () => {
  await cases.reminders.sweep();
  const reminders = (await cases.delivered()).reminders.slice(seen);
  seen += reminders.length;
  return reminders.map(({ linkId, reason }) => `${linkId}:${reason}`);
};
beforeEach(() => {
  seen = 0;
});

describe('reminding the issuer of a link that is not getting the customer over the line', () => {
  it('reminds of a link nobody opened three days after issue, once, with what happened so far', async () => {
    await sent('L-unopened');
    cases.clock.advance(3 * DAY - 1);
    expect(await sweep()).toEqual([]);
    cases.clock.advance(1);
    expect(await sweep()).toEqual(['L-unopened:unopened']);
    expect((await cases.delivered()).reminders[0]).toEqual({
      issuerId: USERS.csm.id,
      orgName: 'Acme Corp',
      linkId: 'L-unopened',
      reason: 'unopened',
      issuedAt: '2026-11-01T09:00:00.000Z',
      expiresAt: '2026-11-08T09:00:00.000Z',
      views: 0,
      sessions: 0,
      lastSessionAt: null,
      partsDone: [],
    });
    expect((await cases.delivered()).messages.at(-1)?.to).toEqual({ userId: USERS.csm.id });
    cases.clock.advance(HOUR);
    expect(await sweep()).toEqual([]);
    expect((await cases.db.links.events('L-unopened')).map(({ type, detail }) => [type, detail])).toEqual([['reminded', 'unopened']]);
  });

  it('does not remind of an opened link as unopened', async () => {
    await sent('L-opened');
    await opened('L-opened');
    cases.clock.advance(3 * DAY);
    // Opened three days ago and not finished: stalled, not unopened.
    expect(await sweep()).toEqual(['L-opened:stalled']);
  });

  it('reminds of a link about to expire a day before, unless it is finished', async () => {
    await sent('L-expiring');
    // Another customer's: one customer's finished setup settles all its links (see below).
    await sent('L-finished', { orgId: 'org_finished' });
    for (const id of ['L-expiring', 'L-finished']) await opened(id);
    await cases.db.links.claimSetupNotice({ linkId: 'L-finished', part: 'sso', actor: USERS.csm.id, messages: [] });
    await cases.db.links.claimSetupNotice({ linkId: 'L-finished', part: 'directory', actor: USERS.csm.id, messages: [] });
    cases.clock.advance(HOUR);
    await cases.db.links.addEvent({ linkId: 'L-expiring', type: 'session_minted', detail: 'lnk_2', actor: null, createdAt: cases.clock.now() });
    cases.clock.advance(6 * DAY - HOUR - 1);
    expect(await sweep()).toEqual(['L-expiring:stalled']);
    cases.clock.advance(1);
    expect(await sweep()).toEqual(['L-expiring:expiring']);
    const [, expiring] = (await cases.delivered()).reminders;
    expect(expiring).toMatchObject({ views: 1, sessions: 2, lastSessionAt: '2026-11-01T10:00:00.000Z', partsDone: [] });
  });

  it('counts a link finished when the customer finished through another link, and settles its reminders unsent', async () => {
    await sent('L-older', { orgId: 'org_same' });
    await sent('L-newer', { orgId: 'org_same' });
    await sent('L-other-customer', { orgId: 'org_other' });
    for (const part of ['sso', 'directory'] as const) await cases.db.links.claimSetupNotice({ linkId: 'L-newer', part, actor: USERS.csm.id, messages: [] });
    cases.clock.advance(3 * DAY);
    expect(await sweep()).toEqual(['L-other-customer:unopened']);
    expect(await cases.reminders.sweep()).toBe(0);
    expect((await cases.db.links.events('L-older')).filter(({ type }) => type === 'reminded')).toEqual([]);
  });

  it('does not warn that a link issued for less than the warning is about to expire', async () => {
    const now = cases.clock.now();
    await sent('L-twelve-hours', { expiresAt: new Date(now.getTime() + 12 * HOUR) });
    await sent('L-two-days', { expiresAt: new Date(now.getTime() + 2 * DAY) });
    expect(await sweep()).toEqual([]);
    cases.clock.advance(DAY + HOUR);
    expect(await sweep()).toEqual(['L-two-days:expiring']);
  });

  it('never reminds of a link that used up its portal sessions', async () => {
    cases = useCases({ maxSessionsPerLink: 1 });
    await sent('L-used-up');
    await opened('L-used-up');
    cases.clock.advance(6 * DAY);
    expect(await sweep()).toEqual([]);
  });

  it('counts a link finished when the parts its scope offers are set up', async () => {
    await sent('L-sso-only', { scope: 'sso' });
    await sent('L-whole', { scope: 'all' });
    for (const id of ['L-sso-only', 'L-whole']) {
      await opened(id);
      await cases.db.links.claimSetupNotice({ linkId: id, part: 'sso', actor: USERS.csm.id, messages: [] });
    }
    cases.clock.advance(6 * DAY);
    expect((await sweep()).sort()).toEqual(['L-whole:expiring', 'L-whole:stalled']);
  });

  it('reminds of a portal opened but not finished two days after the last session, counting what is set up', async () => {
    await sent('L-stalled');
    await opened('L-stalled');
    await cases.db.links.claimSetupNotice({ linkId: 'L-stalled', part: 'sso', actor: USERS.csm.id, messages: [] });
    cases.clock.advance(DAY);
    await cases.db.links.addEvent({ linkId: 'L-stalled', type: 'session_minted', detail: 'lnk_2', actor: null, createdAt: cases.clock.now() });
    cases.clock.advance(2 * DAY - 1);
    expect(await sweep()).toEqual([]);
    cases.clock.advance(1);
    expect(await sweep()).toEqual(['L-stalled:stalled']);
    expect((await cases.delivered()).reminders[0]).toMatchObject({ sessions: 2, partsDone: ['sso'] });
  });

  it('never reminds of finished, revoked, expired, direct or failed links, nor of links whose reminders are off', async () => {
    await sent('L-done');
    await cases.db.links.claimSetupNotice({ linkId: 'L-done', part: 'sso', actor: USERS.csm.id, messages: [] });
    await cases.db.links.claimSetupNotice({ linkId: 'L-done', part: 'directory', actor: USERS.csm.id, messages: [] });
    await sent('L-revoked');
    await cases.revoker.revoke('L-revoked', USERS.csm.id);
    await sent('L-short', { expiresAt: new Date(cases.clock.now().getTime() + 2 * DAY) });
    await sent('L-direct', { kind: 'direct' });
    await cases.db.links.create(failedAttempt({ id: 'L-failed', failureReason: 'org_not_found', createdAt: cases.clock.now() }));
    await sent('L-off');
    expect(await cases.reminderStopper.stop('L-off', USERS.csm.id)).toMatchObject({ stopped: true });
    cases.clock.advance(3 * DAY);
    expect(await sweep()).toEqual([]);
    expect(cases.db.rows('Reminder')).toEqual([]);
  });

  it('withdraws a reminder still waiting for Slack when its link is revoked, silenced or set up', async () => {
    for (const id of ['L-revoked', 'L-silenced', 'L-set-up', 'L-kept']) await sent(id);
    cases.notifier.unavailable = true;
    cases.clock.advance(3 * DAY);
    await cases.reminders.sweep();
    await cases.delivered();
    await cases.revoker.revoke('L-revoked', USERS.csm.id);
    await cases.reminderStopper.stop('L-silenced', USERS.csm.id);
    await cases.db.links.claimSetupNotice({ linkId: 'L-set-up', part: 'sso', actor: USERS.csm.id, messages: [] });
    cases.notifier.unavailable = false;
    cases.clock.advance(DAY);
    await cases.delivery.deliverDue();
    expect(await sweep()).toEqual(['L-kept:unopened']);
  });

  it('sends each reminder once when two sweeps run at the same moment', async () => {
    for (const id of ['L-a', 'L-b', 'L-c']) await sent(id);
    cases.clock.advance(6 * DAY);
    await Promise.all([cases.reminders.sweep(), cases.reminders.sweep()]);
    const reminders = (await cases.delivered()).reminders.map(({ linkId, reason }) => `${linkId}:${reason}`);
    expect(reminders.sort()).toEqual(['L-a:expiring', 'L-a:unopened', 'L-b:expiring', 'L-b:unopened', 'L-c:expiring', 'L-c:unopened']);
  });
});

describe('turning off reminders for a link', () => {
  it('lets the issuer or an admin turn them off, once, and refuses anyone else', async () => {
    await sent('L-1');
    await sent('L-2');
    await expect(cases.reminderStopper.stop('L-1', USERS.stranger.id)).rejects.toThrow(Refused);
    await expect(cases.reminderStopper.stop('L-1', USERS.groupCsm.id)).rejects.toMatchObject({
      refusal: { reason: 'not_the_issuer', linkId: 'L-1', issuerId: USERS.csm.id, action: 'stop_reminders' },
    });
    await expect(cases.reminderStopper.stop('L-nope', USERS.csm.id)).rejects.toMatchObject({ refusal: { reason: 'no_such_link' } });
    expect(await cases.reminderStopper.stop('L-1', USERS.csm.id)).toMatchObject({ link: { id: 'L-1' }, stopped: true });
    expect(await cases.reminderStopper.stop('L-1', USERS.admin.id)).toMatchObject({ stopped: false });
    expect(await cases.reminderStopper.stop('L-2', USERS.admin.id)).toMatchObject({ stopped: true });
    expect((await cases.db.links.events('L-1')).map(({ type, actor }) => [type, actor])).toEqual([['reminders_off', USERS.csm.id]]);
    cases.clock.advance(6 * DAY);
    expect(await sweep()).toEqual([]);
  });
});
