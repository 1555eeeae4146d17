import { beforeEach, describe, expect, it } from 'vitest';
import { webhookHeaders } from '../../emulators/scalekit/webhooks.js';
import { meaningOf } from '../../src/core/links/events.js';
import { newLink } from '../helpers/fixtures.js';
import { issuerOf, linkRequest, mapAlias, ORGS, tokenOf, useCases, USERS, WEBHOOK_SECRET, type UseCases } from '../helpers/use-cases.js';

let cases: UseCases;

beforeEach(() => {
  cases = useCases();
});

/** A tracked event, with its meaning looked up as the webhook route does. */
const event = (id: string, type: string, orgId: string = ORGS.acme.id) => {
  const meaning = meaningOf('webhook', type);
  if (!meaning) throw new Error(`${type} is not a tracked webhook type`);
  return { id, type, meaning, orgId, occurredAt: cases.clock.now() };
};

describe('Scalekit\'s webhooks', () => {
  const body = '{"id":"evt_1","type":"organization.sso_enabled"}';

  it('count only when signed with our secret within the last five minutes', () => {
    const at = cases.clock.now();
    expect(cases.webhooks.isAuthentic(webhookHeaders(WEBHOOK_SECRET, 'evt_1', body, at), body)).toBe(true);
    expect(cases.webhooks.isAuthentic(webhookHeaders(WEBHOOK_SECRET, 'evt_1', body, at), `${body} `)).toBe(false);
    expect(cases.webhooks.isAuthentic(webhookHeaders(`whsec_${Buffer.from('another key').toString('base64')}`, 'evt_1', body, at), body)).toBe(false);
    expect(cases.webhooks.isAuthentic({}, body)).toBe(false);
    cases.clock.advance(5 * 60_000 + 1000);
    expect(cases.webhooks.isAuthentic(webhookHeaders(WEBHOOK_SECRET, 'evt_1', body, at), body)).toBe(false);
  });

  it('record each event once: a redelivery is a duplicate, and tells no one twice', async () => {
    await cases.db.links.create(newLink({ id: 'L-1', orgId: ORGS.acme.id }));
    expect(await cases.webhooks.accept(event('evt_1', 'organization.sso_enabled'))).toBe('recorded');
    expect(await cases.webhooks.accept(event('evt_1', 'organization.sso_enabled'))).toBe('duplicate');
    expect(await cases.db.orgEvents.latest(ORGS.acme.id, 5)).toEqual([
      { id: 'evt_1', orgId: ORGS.acme.id, type: 'organization.sso_enabled', occurredAt: cases.clock.now(), receivedAt: cases.clock.now() },
    ]);
    expect((await cases.delivered()).sent).toHaveLength(1);
  });

  it('tell the issuer of the newest link sent to the organization when a part is done', async () => {
    await cases.db.links.create(newLink({ id: 'L-old', orgId: ORGS.acme.id, issuerId: USERS.admin.id, createdAt: new Date('2026-10-01T00:00:00Z') }));
    await cases.db.links.create(newLink({ id: 'L-new', orgId: ORGS.acme.id, orgName: 'Acme', issuerId: USERS.csm.id }));
    await cases.webhooks.accept(event('evt_1', 'organization.directory_enabled'));
    expect((await cases.delivered()).sent).toEqual([{ issuerId: USERS.csm.id, orgName: 'Acme', linkId: 'L-new', part: 'directory', source: 'scalekit' }]);
  });

  it('tell no one of progress or undoing, nor when no link was sent', async () => {
    await cases.db.links.create(newLink({ id: 'L-1', orgId: ORGS.acme.id }));
    const notDone = ['organization.sso_created', 'organization.sso_disabled', 'organization.directory_disabled'];
    for (const [i, type] of notDone.entries()) {
      expect(await cases.webhooks.accept(event(`evt_${i}`, type))).toBe('recorded');
    }
    expect(await cases.webhooks.accept(event('evt_4', 'organization.sso_enabled', ORGS.globex.id))).toBe('recorded');
    expect((await cases.delivered()).sent).toEqual([]);
  });

  it('tell no one a second time what the page already reported through the same link', async () => {
    await mapAlias(cases, 'acme', ORGS.acme);
    const issued = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme' }));
    await cases.page.report(tokenOf(issued.url), 'ORGANIZATION_SSO_ENABLED');
    await cases.webhooks.accept(event('evt_1', 'organization.sso_enabled'));
    await cases.webhooks.accept(event('evt_2', 'organization.directory_enabled'));
    expect((await cases.delivered()).sent.map(({ part, source }) => [part, source])).toEqual([
      ['sso', 'page'],
      ['directory', 'scalekit'],
    ]);
  });
});
