import { describe, expect, it } from 'vitest';
import { boardRows, type BoardLink, type BoardRow, type PartFact, type PartFacts } from '../../../src/core/board/board.js';
import type { SetupPart } from '../../../src/core/links/events.js';
import type { FailedAttempt, NewIssuedLink } from '../../../src/core/links/link.js';
import { failedAttempt, newLink } from '../../helpers/fixtures.js';
import { DAY, REMINDER_TIMINGS } from '../../helpers/use-cases.js';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-20T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const ahead = (ms: number) => new Date(NOW.getTime() + ms);
const RULES = { timings: REMINDER_TIMINGS };
const NO_FACTS: PartFacts = new Map();

type Usage = Partial<Omit<BoardLink, 'link'>>;

/** A hosted link Ada sent Acme an hour ago for a week, with what the board knows of it. */
function sent(overrides: Partial<NewIssuedLink> & { id: string }, usage: Usage = {}, revoked: { at: Date; replacedBy?: string } | null = null): BoardLink {
  const createdAt = overrides.createdAt ?? ago(HOUR);
  const link = newLink({ createdAt, expiresAt: new Date(createdAt.getTime() + 7 * DAY), ...overrides });
  return {
    link: { ...link, revokedAt: revoked?.at ?? null, replacedBy: revoked?.replacedBy ?? null },
    ...usage,
    firstViewAt: usage.firstViewAt ?? null,
    firstSessionAt: usage.firstSessionAt ?? null,
    lastSessionAt: usage.lastSessionAt ?? usage.firstSessionAt ?? null,
    sessions: usage.sessions ?? (usage.firstSessionAt ? 1 : 0),
    lastReminder: usage.lastReminder ?? null,
    finished: usage.finished ?? [],
  };
}

/** An attempt of Ada's that failed an hour ago: nothing left the bot. */
function failed(overrides: Partial<FailedAttempt> & { id: string }): BoardLink {
  return {
    link: failedAttempt({ failureReason: 'Scalekit did not answer', createdAt: ago(HOUR), ...overrides }),
    firstViewAt: null,
    firstSessionAt: null,
    lastSessionAt: null,
    sessions: 0,
    lastReminder: null,
    finished: [],
  };
}

const factsOf = (orgId: string, facts: Partial<Record<SetupPart, PartFact>>): PartFacts => new Map([[orgId, facts]]);
const rows = (links: BoardLink[], facts = NO_FACTS, rules: Parameters<typeof boardRows>[2] = RULES) => boardRows(links, facts, rules, NOW);
const only = (links: BoardLink[], facts = NO_FACTS, rules: Parameters<typeof boardRows>[2] = RULES): BoardRow => {
  const all = rows(links, facts, rules);
  expect(all).toHaveLength(1);
  return all[0]!;
};
const progress = (row: BoardRow) => ({ stage: row.stage, since: row.since, finished: row.finished });

describe('how far a customer got, and since when', () => {
  it('is sent from issue, with the link as it is now', () => {
    expect(only([sent({ id: 'L1', createdAt: ago(5 * HOUR) })])).toEqual({
      key: 'org_acme',
      orgId: 'org_acme',
      customer: 'Acme',
      orgQuery: 'acme',
      issuerId: 'U1',
      scope: 'all',
      stage: 'sent',
      since: ago(5 * HOUR),
      finished: false,
      attention: [],
      link: { id: 'L1', kind: 'hosted', state: 'live', createdAt: ago(5 * HOUR), expiresAt: ahead(7 * DAY - 5 * HOUR) },
      lastReminder: null,
    });
  });

  it('is opened from the first view, and in the portal from the first session', () => {
    expect(progress(only([sent({ id: 'L1', createdAt: ago(DAY) }, { firstViewAt: ago(20 * HOUR) })]))).toEqual({ stage: 'opened', since: ago(20 * HOUR), finished: false });
    const inPortal = sent({ id: 'L1', createdAt: ago(DAY) }, { firstViewAt: ago(20 * HOUR), firstSessionAt: ago(19 * HOUR), lastSessionAt: ago(HOUR), sessions: 3 });
    expect(progress(only([inPortal]))).toEqual({ stage: 'portal', since: ago(19 * HOUR), finished: false });
  });

  it('has SSO on from its notice, and is finished once the directory is on too, since the last part', () => {
    const base = { id: 'L1', createdAt: ago(3 * DAY) };
    const usage = { firstViewAt: ago(2 * DAY), firstSessionAt: ago(2 * DAY) };
    const ssoOnly = only([sent(base, { ...usage, finished: [{ part: 'sso', at: ago(DAY) }] })]);
    expect(progress(ssoOnly)).toEqual({ stage: 'sso', since: ago(DAY), finished: false });
    const both = only([sent(base, { ...usage, finished: [{ part: 'sso', at: ago(DAY) }, { part: 'directory', at: ago(HOUR) }] })]);
    expect(progress(both)).toEqual({ stage: 'directory', since: ago(HOUR), finished: true });
    // The directory set up first: finished when SSO followed.
    const directoryFirst = only([sent(base, { ...usage, finished: [{ part: 'directory', at: ago(DAY) }, { part: 'sso', at: ago(HOUR) }] })]);
    expect(progress(directoryFirst)).toEqual({ stage: 'directory', since: ago(HOUR), finished: true });
  });

  it('counts only the parts the link offers: an SSO-only link is finished when SSO is on', () => {
    const ssoLink = sent({ id: 'L1', scope: 'sso' }, { firstViewAt: ago(HOUR), finished: [{ part: 'sso', at: ago(HOUR / 2) }] });
    expect(only([ssoLink])).toMatchObject({ scope: 'sso', stage: 'sso', since: ago(HOUR / 2), finished: true });
    // What Scalekit says of a part the link does not offer moves nothing.
    const directoryOn = factsOf('org_acme', { directory: { done: true, at: ago(HOUR / 4) } });
    expect(progress(only([sent({ id: 'L1', scope: 'sso' }, { firstViewAt: ago(HOUR) })], directoryOn))).toEqual({ stage: 'opened', since: ago(HOUR), finished: false });
    expect(only([sent({ id: 'L1', scope: 'directory' })], directoryOn)).toMatchObject({ stage: 'directory', since: ago(HOUR / 4), finished: true });
  });

  it('takes the scope of the newest link sent, not of a failed attempt after it', () => {
    const links = [sent({ id: 'L1', scope: 'sso', createdAt: ago(DAY) }), failed({ id: 'L2', orgId: 'org_acme', orgName: 'Acme', scope: 'directory' })];
    expect(only(links)).toMatchObject({ scope: 'sso', link: { id: 'L1' } });
  });

  it('counts a part finished through an older link to the same customer, from its earliest notice', () => {
    const older = sent({ id: 'L1', createdAt: ago(10 * DAY) }, { finished: [{ part: 'sso', at: ago(9 * DAY) }] });
    const again = sent({ id: 'L2', createdAt: ago(8 * DAY) }, { finished: [{ part: 'sso', at: ago(7 * DAY) }] });
    const newest = sent({ id: 'L3', scope: 'sso', createdAt: ago(DAY) });
    expect(only([newest, older, again])).toMatchObject({ stage: 'sso', since: ago(9 * DAY), finished: true, link: { id: 'L3' } });
  });

  it('counts the progress of the newest link only: a fresh link starts again at sent', () => {
    const opened = sent({ id: 'L1', createdAt: ago(3 * DAY) }, { firstViewAt: ago(2 * DAY), firstSessionAt: ago(2 * DAY) }, { at: ago(DAY), replacedBy: 'L2' });
    const fresh = sent({ id: 'L2', createdAt: ago(DAY) });
    expect(only([opened, fresh])).toMatchObject({ stage: 'sent', since: ago(DAY), link: { id: 'L2', state: 'live' } });
  });

  it('is sent, with no link, when every attempt failed', () => {
    expect(only([failed({ id: 'L1', orgId: 'org_acme', orgName: 'Acme', createdAt: ago(2 * HOUR) })])).toMatchObject({
      stage: 'sent',
      since: ago(2 * HOUR),
      finished: false,
      attention: ['failed'],
      link: null,
    });
  });
});

describe('what Scalekit says, over the notices the bot sent', () => {
  const usage = { firstViewAt: ago(2 * DAY), firstSessionAt: ago(2 * DAY), finished: [{ part: 'sso' as const, at: ago(DAY) }] };

  it('is not done when Scalekit says SSO was turned off after the notice', () => {
    const off = factsOf('org_acme', { sso: { done: false, at: ago(HOUR) } });
    expect(progress(only([sent({ id: 'L1', scope: 'sso', createdAt: ago(3 * DAY) }, usage)], off))).toEqual({ stage: 'portal', since: ago(2 * DAY), finished: false });
  });

  it('is done again when the bot was told of the part after Scalekit said it was off (its webhook late or lost)', () => {
    const offBefore = factsOf('org_acme', { sso: { done: false, at: ago(2 * DAY) } });
    expect(progress(only([sent({ id: 'L1', scope: 'sso', createdAt: ago(3 * DAY) }, usage)], offBefore))).toEqual({ stage: 'sso', since: ago(DAY), finished: true });
  });

  it('is done when Scalekit says so without any notice, since Scalekit said it', () => {
    const on = factsOf('org_acme', { sso: { done: true, at: ago(HOUR) } });
    expect(progress(only([sent({ id: 'L1', scope: 'sso', createdAt: ago(3 * DAY) })], on))).toEqual({ stage: 'sso', since: ago(HOUR), finished: true });
  });

  it('dates a part a `status` answer says is on by the notice, when one came before the answer', () => {
    const asked = (at: Date) => factsOf('org_acme', { sso: { done: true, at, asOf: true } });
    expect(only([sent({ id: 'L1', scope: 'sso', createdAt: ago(3 * DAY) }, usage)], asked(ago(HOUR))).since).toEqual(ago(DAY));
    expect(only([sent({ id: 'L1', scope: 'sso', createdAt: ago(3 * DAY) }, usage)], asked(ago(2 * DAY))).since).toEqual(ago(2 * DAY));
    // Said against a webhook (turned off after the notice, on again since): from the answer on.
    const againstWebhook = factsOf('org_acme', { sso: { done: true, at: ago(HOUR) } });
    expect(only([sent({ id: 'L1', scope: 'sso', createdAt: ago(3 * DAY) }, usage)], againstWebhook).since).toEqual(ago(HOUR));
  });

  it('leaves a part Scalekit says nothing of to the notices, and another organization\'s facts alone', () => {
    const directoryOff = factsOf('org_acme', { directory: { done: false, at: ago(HOUR) } });
    expect(progress(only([sent({ id: 'L1', createdAt: ago(3 * DAY) }, usage)], directoryOff))).toEqual({ stage: 'sso', since: ago(DAY), finished: false });
    const elsewhere = factsOf('org_globex', { sso: { done: false, at: ago(HOUR) } });
    expect(progress(only([sent({ id: 'L1', scope: 'sso', createdAt: ago(3 * DAY) }, usage)], elsewhere))).toEqual({ stage: 'sso', since: ago(DAY), finished: true });
  });
});

describe('what needs attention', () => {
  const attention = (link: BoardLink, rules = RULES) => only([link], NO_FACTS, rules).attention;

  it('flags a hosted link nobody opened from three days after issue', () => {
    expect(attention(sent({ id: 'L1', createdAt: ago(3 * DAY - 1) }))).toEqual([]);
    expect(attention(sent({ id: 'L1', createdAt: ago(3 * DAY) }))).toEqual(['unopened']);
    expect(attention(sent({ id: 'L1', createdAt: ago(4 * DAY) }, { firstViewAt: ago(HOUR) }))).toEqual([]);
  });

  it('never flags a direct link unopened or expired: the bot cannot see it opened, and it lives minutes', () => {
    expect(attention(sent({ id: 'L1', kind: 'direct', createdAt: ago(4 * DAY), expiresAt: ahead(DAY * 3) }))).toEqual([]);
    const spent = only([sent({ id: 'L1', kind: 'direct', createdAt: ago(4 * DAY), expiresAt: ago(4 * DAY - 60_000) })]);
    expect(spent).toMatchObject({ attention: [], link: { kind: 'direct', state: 'expired' } });
  });

  it('flags a live link that expires within a day', () => {
    const expiringIn = (ms: number) => attention(sent({ id: 'L1', createdAt: ago(3 * DAY), expiresAt: ahead(ms) }, { firstViewAt: ago(HOUR) }));
    expect(expiringIn(DAY + 1)).toEqual([]);
    expect(expiringIn(DAY)).toEqual(['expiring']);
    expect(expiringIn(1)).toEqual(['expiring']);
  });

  it('does not flag a link sent for no longer than the warning as expiring, as no reminder is sent for it', () => {
    // A one-hour link for a customer on a call: it was sent knowing it would expire soon.
    expect(attention(sent({ id: 'L1', createdAt: ago(HOUR / 2), expiresAt: ahead(HOUR / 2) }))).toEqual([]);
    expect(attention(sent({ id: 'L1', createdAt: ago(1), expiresAt: ahead(DAY - 1) }))).toEqual([]);
    expect(attention(sent({ id: 'L1', createdAt: ago(2), expiresAt: ahead(DAY - 1) }))).toEqual(['expiring']);
  });

  it('flags a link stalled in the portal two days after its last session', () => {
    const lastSession = (at: Date) => attention(sent({ id: 'L1', createdAt: ago(4 * DAY) }, { firstViewAt: ago(4 * DAY), firstSessionAt: ago(4 * DAY), lastSessionAt: at, sessions: 2 }));
    expect(lastSession(ago(2 * DAY - 1))).toEqual([]);
    expect(lastSession(ago(2 * DAY))).toEqual(['stalled']);
  });

  it('flags a link that ran out before the setup was finished: expired, or its portal sessions used up', () => {
    const expiresAt = (at: Date) => only([sent({ id: 'L1', createdAt: ago(7 * DAY), expiresAt: at }, { firstViewAt: ago(6 * DAY) })]);
    expect(expiresAt(NOW)).toMatchObject({ attention: ['expired'], link: { state: 'expired' } });
    expect(expiresAt(ahead(1))).toMatchObject({ attention: ['expiring'], link: { state: 'live' } });
    const used = (sessions: number) => only([sent({ id: 'L1' }, { firstViewAt: ago(HOUR), firstSessionAt: ago(HOUR), sessions })], NO_FACTS, { ...RULES, maxSessionsPerLink: 3 });
    expect(used(3)).toMatchObject({ attention: ['expired'], link: { state: 'exhausted' } });
    expect(used(2)).toMatchObject({ attention: [], link: { state: 'live' } });
    // Without a cap, sessions never use a link up.
    expect(only([sent({ id: 'L1' }, { firstSessionAt: ago(HOUR), sessions: 50 })])).toMatchObject({ attention: [], link: { state: 'live' } });
  });

  it('flags nothing on a link someone revoked', () => {
    expect(only([sent({ id: 'L1', createdAt: ago(5 * DAY) }, {}, { at: ago(DAY) })])).toMatchObject({ attention: [], link: { state: 'revoked' } });
  });

  it('flags a failed last attempt after an issued link, and not once a link was sent after it', () => {
    const issued = sent({ id: 'L1', createdAt: ago(2 * DAY) });
    const attempt = failed({ id: 'L2', orgId: 'org_acme', orgName: 'Acme', issuerId: 'U2', createdAt: ago(DAY) });
    expect(only([issued, attempt])).toMatchObject({ attention: ['failed'], issuerId: 'U2', stage: 'sent', since: ago(2 * DAY), link: { id: 'L1', state: 'live' } });
    const earlier = failed({ id: 'L0', orgId: 'org_acme', orgName: 'Acme', createdAt: ago(3 * DAY) });
    expect(only([issued, earlier]).attention).toEqual([]);
  });

  it('lists every reason that holds, most urgent first', () => {
    const neglected = sent({ id: 'L1', createdAt: ago(6 * DAY + HOUR), expiresAt: ahead(HOUR) });
    const attempt = failed({ id: 'L2', orgId: 'org_acme', orgName: 'Acme', createdAt: ago(HOUR) });
    expect(only([neglected, attempt]).attention).toEqual(['failed', 'expiring', 'unopened']);
  });

  it('flags nothing once the customer finished, even on a link that ran out', () => {
    const done = sent({ id: 'L1', scope: 'sso', createdAt: ago(8 * DAY), expiresAt: ago(DAY) }, { finished: [{ part: 'sso', at: ago(2 * DAY) }] });
    expect(only([done])).toMatchObject({ finished: true, attention: [], link: { state: 'expired' } });
  });
});

describe('one row per customer', () => {
  it('groups the links to an organization, naming it and its sender by the newest link', () => {
    const links = [
      sent({ id: 'L1', orgName: 'Acme Old', orgQuery: 'acme', createdAt: ago(3 * DAY) }),
      sent({ id: 'L2', orgName: 'Acme Corp', orgQuery: ' ACME-corp ', issuerId: 'U2', createdAt: ago(DAY) }),
      sent({ id: 'L3', orgId: 'org_globex', orgName: 'Globex', orgQuery: 'globex', createdAt: ago(2 * DAY) }),
    ];
    expect(rows(links).map(({ key, customer, orgQuery, issuerId, link }) => ({ key, customer, orgQuery, issuerId, link: link?.id }))).toEqual([
      { key: 'org_globex', customer: 'Globex', orgQuery: 'globex', issuerId: 'U1', link: 'L3' },
      { key: 'org_acme', customer: 'Acme Corp', orgQuery: 'ACME-corp', issuerId: 'U2', link: 'L2' },
    ]);
  });

  it('names a customer sent to in its channel (nothing typed) by its organization id', () => {
    expect(only([sent({ id: 'L1', orgQuery: '' })])).toMatchObject({ orgQuery: 'org_acme', customer: 'Acme' });
  });

  it('keeps a customer never resolved apart, by what was typed, needing attention', () => {
    const typo = failed({ id: 'L1', orgQuery: 'Acmee ', failureReason: 'no customer is mapped as acmee', createdAt: ago(2 * HOUR) });
    const typoAgain = failed({ id: 'L2', orgQuery: 'acmee', failureReason: 'no customer is mapped as acmee', createdAt: ago(HOUR) });
    const all = rows([sent({ id: 'L3', createdAt: ago(3 * HOUR) }), typo, typoAgain]);
    expect(all.map(({ key, orgId, customer, orgQuery, attention, link }) => ({ key, orgId, customer, orgQuery, attention, link }))).toEqual([
      { key: '?acmee', orgId: null, customer: 'acmee', orgQuery: 'acmee', attention: ['failed'], link: null },
      { key: 'org_acme', orgId: 'org_acme', customer: 'Acme', orgQuery: 'acme', attention: [], link: expect.objectContaining({ id: 'L3' }) },
    ]);
  });

  it('counts a sender\'s attempt that failed before the customer was resolved towards the customer they then sent a link to with the same words', () => {
    // `acme` was not mapped yet; once an admin mapped it, the same words got a link out.
    const unmapped = failed({ id: 'L1', orgQuery: 'acme', failureReason: 'no customer is mapped as acme', createdAt: ago(2 * HOUR) });
    const retried = sent({ id: 'L2', orgQuery: 'Acme', createdAt: ago(HOUR) });
    expect(only([unmapped, retried])).toMatchObject({ key: 'org_acme', attention: [], link: { id: 'L2' } });
    // The alias unmapped since, the same words fail again: the customer's last try failed.
    const unmappedAgain = failed({ id: 'L4', orgQuery: 'acme', failureReason: 'no customer is mapped as acme' });
    expect(only([sent({ id: 'L2', createdAt: ago(2 * HOUR) }), unmappedAgain])).toMatchObject({ key: 'org_acme', orgId: 'org_acme', customer: 'Acme', attention: ['failed'] });
    // Someone else's attempt with those words is theirs: it may name another customer.
    const others = failed({ id: 'L3', orgQuery: 'acme', issuerId: 'U2', failureReason: 'no customer is mapped as acme', createdAt: ago(2 * HOUR) });
    expect(rows([others, retried]).map(({ key, attention }) => [key, attention])).toEqual([
      ['?acme', ['failed']],
      ['org_acme', []],
    ]);
  });

  it('shows the newest reminder sent about any of the customer\'s links', () => {
    const older = sent({ id: 'L1', createdAt: ago(5 * DAY) }, { lastReminder: { reason: 'stalled', at: ago(DAY) } });
    const newer = sent({ id: 'L2', createdAt: ago(2 * DAY) }, { lastReminder: { reason: 'unopened', at: ago(2 * HOUR) } });
    const none = sent({ id: 'L3', createdAt: ago(HOUR) });
    expect(only([older, newer, none]).lastReminder).toEqual({ reason: 'unopened', at: ago(2 * HOUR) });
    expect(only([none]).lastReminder).toBeNull();
  });
});

describe('the order of the board', () => {
  it('puts what needs attention first (most urgent, then longest waiting), then those in progress (longest waiting), then the finished (newest first)', () => {
    const customer = (name: string) => ({ orgId: `org_${name}`, orgName: name, orgQuery: name });
    const links = [
      sent({ id: 'L-done-old', ...customer('done-old'), scope: 'sso' }, { finished: [{ part: 'sso', at: ago(5 * DAY) }] }),
      sent({ id: 'L-busy-new', ...customer('busy-new'), createdAt: ago(HOUR) }),
      sent({ id: 'L-unopened', ...customer('unopened'), createdAt: ago(4 * DAY) }),
      failed({ id: 'L-failed', ...customer('failed'), createdAt: ago(HOUR) }),
      sent({ id: 'L-done-new', ...customer('done-new'), scope: 'sso' }, { finished: [{ part: 'sso', at: ago(HOUR) }] }),
      sent({ id: 'L-expired', ...customer('expired'), createdAt: ago(8 * DAY), expiresAt: ago(DAY) }, { firstViewAt: ago(7 * DAY) }),
      sent({ id: 'L-busy-old', ...customer('busy-old'), createdAt: ago(2 * DAY) }, { firstViewAt: ago(2 * DAY) }),
      sent({ id: 'L-unopened-longer', ...customer('unopened-longer'), createdAt: ago(5 * DAY) }),
      sent({ id: 'L-busy-tie-b', ...customer('busy-b'), createdAt: ago(3 * HOUR) }),
      sent({ id: 'L-busy-tie-a', ...customer('busy-a'), createdAt: ago(3 * HOUR) }),
    ];
    expect(rows(links).map((row) => row.customer)).toEqual([
      'failed',
      'expired',
      'unopened-longer',
      'unopened',
      'busy-old',
      'busy-a',
      'busy-b',
      'busy-new',
      'done-new',
      'done-old',
    ]);
  });

  it('shows an empty board for no links', () => {
    expect(rows([])).toEqual([]);
  });
});
