import { beforeEach, describe, expect, it } from 'vitest';
import { DELIVERY_BATCH, GIVE_UP_AFTER_MS, OutboxDelivery, retryDelayMs } from '../../../src/core/outbox/delivery.js';
import { asIssued, newLink } from '../../helpers/fixtures.js';
import { ORGS, useCases, USERS, type UseCases } from '../../helpers/use-cases.js';

let cases: UseCases;

beforeEach(async () => {
  cases = useCases();
  await cases.db.links.create(newLink({ id: 'L-1', orgId: ORGS.acme.id, orgName: 'Acme', issuerId: USERS.csm.id, createdAt: cases.clock.now() }));
});

/** The customer finishes SSO through L-1, as the page reports it, while Slack is down. */
async function finishedWhileSlackIsDown(): Promise<void> {
  cases.notifier.unavailable = true;
  await cases.notices.completedThrough(asIssued(await cases.db.links.findById('L-1')), 'sso', 'page');
  await cases.delivered();
}

const outboxRow = (id = 'setup:L-1:sso:issuer') => cases.db.outbox.rows.get(id);

describe('delivering the messages the bot owes', () => {
  it('waits 2 s after the first failure, doubling up to 5 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map(retryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000]);
  });

  it('sends a queued message once, and marks it sent', async () => {
    await cases.notices.completedThrough(asIssued(await cases.db.links.findById('L-1')), 'sso', 'page');
    expect((await cases.delivered()).sent).toHaveLength(1);
    expect(outboxRow()).toMatchObject({ status: 'sent', attempts: 0, sentAt: cases.clock.now() });
    expect(await cases.delivery.deliverDue()).toEqual({ sent: 0, retried: 0, gaveUp: [] });
    expect(cases.notifier.messages).toHaveLength(1);
  });

  it('keeps a message through a ten-minute Slack outage and delivers it once when Slack is back', async () => {
    await finishedWhileSlackIsDown();
    expect(outboxRow()).toMatchObject({ status: 'pending', attempts: 1, lastError: 'An API error occurred: internal_error' });
    // Every round in the outage tries what is due, and only that.
    for (let elapsed = 0; elapsed < 10 * 60_000; elapsed += 1_000) {
      cases.clock.advance(1_000);
      await cases.delivery.deliverDue();
    }
    const attempts = outboxRow()?.attempts ?? 0;
    expect(attempts).toBeGreaterThanOrEqual(8);
    expect(attempts).toBeLessThanOrEqual(10);
    cases.notifier.unavailable = false;
    cases.clock.advance(retryDelayMs(attempts));
    expect(await cases.delivery.deliverDue()).toMatchObject({ sent: 1 });
    expect(cases.notifier.sent).toEqual([{ issuerId: USERS.csm.id, orgName: 'Acme', linkId: 'L-1', part: 'sso', source: 'page' }]);
    cases.clock.advance(GIVE_UP_AFTER_MS);
    expect(await cases.delivery.deliverDue()).toEqual({ sent: 0, retried: 0, gaveUp: [] });
  });

  it('gives up a day after the message was written, and says so', async () => {
    await finishedWhileSlackIsDown();
    cases.clock.advance(GIVE_UP_AFTER_MS);
    expect(await cases.delivery.deliverDue()).toEqual({ sent: 0, retried: 0, gaveUp: [{ id: 'setup:L-1:sso:issuer', error: 'An API error occurred: internal_error' }] });
    expect(outboxRow()).toMatchObject({ status: 'failed', attempts: 2 });
    cases.notifier.unavailable = false;
    cases.clock.advance(GIVE_UP_AFTER_MS);
    expect(await cases.delivery.deliverDue()).toEqual({ sent: 0, retried: 0, gaveUp: [] });
  });

  it('gives up at once on a message Slack will never take', async () => {
    cases.notifier.refusing = true;
    await cases.notices.completedThrough(asIssued(await cases.db.links.findById('L-1')), 'sso', 'page');
    await cases.delivered();
    expect(outboxRow()).toMatchObject({ status: 'failed', attempts: 1, lastError: 'Slack refuses it: channel_not_found' });
  });

  it('stops between two messages when its worker stops, and gives the rest back for the next round', async () => {
    const owed = (id: string) => ({
      id,
      createdAt: cases.clock.now(),
      message: { kind: 'setup_completed' as const, to: { userId: USERS.csm.id }, facts: { issuerId: USERS.csm.id, orgName: 'Acme', linkId: 'L-1', part: 'sso' as const, source: 'page' as const } },
    });
    cases.db.outbox.enqueue([owed('first'), owed('second')]);
    const stopping = new AbortController();
    const stoppingAfterOne = new OutboxDelivery(cases.db.outbox, { send: async () => stopping.abort() }, cases.clock.now);
    expect(await stoppingAfterOne.deliverDue(DELIVERY_BATCH, stopping.signal)).toEqual({ sent: 1, retried: 0, gaveUp: [] });
    // Given back unchanged: the next round takes it at once, not when the claim would have run out.
    expect(outboxRow('second')).toMatchObject({ status: 'pending', attempts: 0, claimedUntil: null, lastError: null });
    expect(await cases.delivery.deliverDue()).toEqual({ sent: 1, retried: 0, gaveUp: [] });
  });

  it('also tells the thread of a link posted in a channel, once each', async () => {
    await cases.issuer.posted('L-1', { channelId: 'C0ACME', ts: '1700000000.000100' });
    const link = asIssued(await cases.db.links.findById('L-1'));
    await Promise.all([cases.notices.completedThrough(link, 'sso', 'page'), cases.notices.completedFor(ORGS.acme.id, 'sso')]);
    await cases.delivered();
    expect(cases.notifier.messages.map(({ to }) => to)).toEqual([{ userId: USERS.csm.id }, { channelId: 'C0ACME', threadTs: '1700000000.000100' }]);
  });
});
