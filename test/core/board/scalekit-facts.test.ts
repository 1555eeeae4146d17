import { describe, expect, it } from 'vitest';
import { partFacts, RecentStatus, STATUS_MAX_AGE_MS } from '../../../src/core/board/scalekit-facts.js';
import type { OrgEvent } from '../../../src/core/ports.js';
import { TestClock } from '../../helpers/use-cases.js';

const MINUTE = 60_000;

/** Webhook events at `minutes` after the clock's start, handed over newest first as the database does. */
function webhooks(clock: TestClock, ...events: Array<[id: string, type: string, minutes: number, orgId?: string]>): OrgEvent[] {
  const at = (minutes: number) => new Date(clock.now().getTime() + minutes * MINUTE);
  return events
    .map(([id, type, minutes, orgId = 'org_acme']) => ({ id, orgId, type, occurredAt: at(minutes), receivedAt: at(minutes) }))
    .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime());
}

describe('what recent `status` answers said', () => {
  it('keeps each organization\'s answer, both parts as of the moment it was given, for five minutes', () => {
    const clock = new TestClock();
    const recent = new RecentStatus(clock.now);
    const asked = clock.now();
    recent.remember('org_acme', { sso: true, directory: false });
    expect(recent.get('org_acme')).toEqual({ sso: { done: true, at: asked, asOf: true }, directory: { done: false, at: asked, asOf: true } });
    expect(recent.get('org_globex')).toBeUndefined();
    clock.advance(STATUS_MAX_AGE_MS);
    expect(recent.get('org_acme')?.sso.done).toBe(true);
    clock.advance(1);
    expect(recent.get('org_acme')).toBeUndefined();
  });

  it('takes a newer answer over an older one, its age counted afresh', () => {
    const clock = new TestClock();
    const recent = new RecentStatus(clock.now, 2 * MINUTE);
    recent.remember('org_acme', { sso: false, directory: false });
    clock.advance(MINUTE);
    recent.remember('org_acme', { sso: true, directory: false });
    clock.advance(2 * MINUTE);
    expect(recent.get('org_acme')?.sso).toEqual({ done: true, at: new Date(clock.now().getTime() - 2 * MINUTE), asOf: true });
  });
});

describe('what Scalekit says of each customer\'s parts', () => {
  it('goes by the newest webhook about each part, and says nothing of a part none spoke of', () => {
    const clock = new TestClock();
    const events = webhooks(clock, ['e1', 'organization.sso_enabled', 1], ['e2', 'organization.sso_disabled', 2], ['e3', 'organization.created', 3]);
    const facts = partFacts(['org_acme'], events, new RecentStatus(clock.now));
    expect(facts.get('org_acme')).toEqual({ sso: { done: false, at: new Date(clock.now().getTime() + 2 * MINUTE) } });
    const on = partFacts(['org_acme'], webhooks(clock, ['e1', 'organization.directory_disabled', 1], ['e2', 'organization.directory_enabled', 4]), new RecentStatus(clock.now));
    expect(on.get('org_acme')).toEqual({ directory: { done: true, at: new Date(clock.now().getTime() + 4 * MINUTE) } });
  });

  it('answers for the organizations asked of only, each from its own events', () => {
    const clock = new TestClock();
    const events = webhooks(clock, ['e1', 'organization.sso_enabled', 1, 'org_globex'], ['e2', 'organization.sso_disabled', 2, 'org_acme'], ['e3', 'organization.sso_enabled', 3, 'org_other']);
    const facts = partFacts(['org_acme', 'org_globex', 'org_quiet'], events, new RecentStatus(clock.now));
    expect([...facts.keys()]).toEqual(['org_acme', 'org_globex', 'org_quiet']);
    expect(facts.get('org_acme')?.sso?.done).toBe(false);
    expect(facts.get('org_globex')?.sso?.done).toBe(true);
    expect(facts.get('org_quiet')).toEqual({});
  });

  it('takes a `status` answer no webhook spoke of, as of when it was given', () => {
    const clock = new TestClock();
    const recent = new RecentStatus(clock.now);
    recent.remember('org_acme', { sso: true, directory: false });
    expect(partFacts(['org_acme'], [], recent).get('org_acme')).toEqual({ sso: { done: true, at: clock.now(), asOf: true }, directory: { done: false, at: clock.now(), asOf: true } });
  });

  it('takes a newer `status` answer over the webhooks where they disagree, from the answer on', () => {
    const clock = new TestClock();
    const events = webhooks(clock, ['e1', 'organization.sso_disabled', -2], ['e2', 'organization.directory_enabled', -1]);
    const recent = new RecentStatus(clock.now);
    recent.remember('org_acme', { sso: true, directory: false });
    expect(partFacts(['org_acme'], events, recent).get('org_acme')).toEqual({ sso: { done: true, at: clock.now() }, directory: { done: false, at: clock.now() } });
  });

  it('keeps the webhook\'s time when a newer `status` answer agrees: when it came about, not when someone asked', () => {
    const clock = new TestClock();
    const events = webhooks(clock, ['e1', 'organization.sso_enabled', -30]);
    const recent = new RecentStatus(clock.now);
    recent.remember('org_acme', { sso: true, directory: false });
    expect(partFacts(['org_acme'], events, recent).get('org_acme')?.sso).toEqual({ done: true, at: new Date(clock.now().getTime() - 30 * MINUTE) });
  });

  it('takes a webhook newer than the `status` answer over it', () => {
    const clock = new TestClock();
    const recent = new RecentStatus(clock.now);
    recent.remember('org_acme', { sso: true, directory: false });
    const events = webhooks(clock, ['e1', 'organization.sso_deleted', 1]);
    clock.advance(2 * MINUTE);
    expect(partFacts(['org_acme'], events, recent).get('org_acme')?.sso).toEqual({ done: false, at: new Date(clock.now().getTime() - MINUTE) });
  });
});
