import { beforeEach, describe, expect, it } from 'vitest';
import type { LinkScope } from '../../../src/core/links/scope.js';
import { asIssued, failedAttempt, newLink } from '../../helpers/fixtures.js';
import { ORGS, useCases, USERS, type UseCases } from '../../helpers/use-cases.js';

let cases: UseCases;

beforeEach(() => {
  cases = useCases();
});

const linkFor = async (id: string, orgId: string, issuerId: string, createdAt: string, scope: LinkScope = 'all') => {
  await cases.db.links.create(newLink({ id, orgId, orgName: `name of ${orgId}`, issuerId, createdAt: new Date(createdAt), scope }));
  return asIssued(await cases.db.links.findById(id));
};

describe('telling the issuer that the customer finished a part of the setup', () => {
  it('tells once per link and part, and keeps a record of each message', async () => {
    const link = await linkFor('L-1', ORGS.acme.id, USERS.csm.id, '2026-11-01T00:00:00Z');
    const other = await linkFor('L-2', ORGS.acme.id, USERS.admin.id, '2026-11-01T00:00:00Z');
    await cases.notices.completedThrough(link, 'sso', 'page');
    await cases.notices.completedThrough(link, 'sso', 'scalekit');
    await cases.notices.completedThrough(link, 'directory', 'scalekit');
    await cases.notices.completedThrough(other, 'sso', 'page');

    expect((await cases.delivered()).sent).toEqual([
      { issuerId: USERS.csm.id, orgName: `name of ${ORGS.acme.id}`, linkId: 'L-1', part: 'sso', source: 'page' },
      { issuerId: USERS.csm.id, orgName: `name of ${ORGS.acme.id}`, linkId: 'L-1', part: 'directory', source: 'scalekit' },
      { issuerId: USERS.admin.id, orgName: `name of ${ORGS.acme.id}`, linkId: 'L-2', part: 'sso', source: 'page' },
    ]);
    expect((await cases.db.links.events('L-1')).map(({ type, detail, actor }) => [type, detail, actor])).toEqual([
      ['issuer_notified', 'sso', USERS.csm.id],
      ['issuer_notified', 'directory', USERS.csm.id],
    ]);
  });

  it('credits the newest link issued to the organization when Scalekit reports it', async () => {
    await linkFor('L-old', ORGS.acme.id, USERS.admin.id, '2026-11-01T00:00:00Z');
    await linkFor('L-new', ORGS.acme.id, USERS.csm.id, '2026-11-02T00:00:00Z');
    await linkFor('L-other-org', ORGS.globex.id, USERS.admin.id, '2026-11-03T00:00:00Z');
    const newest = new Date('2026-11-04T00:00:00Z');
    await cases.db.links.create(failedAttempt({ id: 'L-failed', failureReason: 'timeout', orgId: ORGS.acme.id, createdAt: newest }));

    await cases.notices.completedFor(ORGS.acme.id, 'directory');
    expect((await cases.delivered()).sent).toEqual([
      { issuerId: USERS.csm.id, orgName: `name of ${ORGS.acme.id}`, linkId: 'L-new', part: 'directory', source: 'scalekit' },
    ]);
  });

  it('announces only the parts the link offered', async () => {
    const ssoOnly = await linkFor('L-sso', ORGS.acme.id, USERS.csm.id, '2026-11-01T00:00:00Z', 'sso');
    const directoryOnly = await linkFor('L-scim', ORGS.globex.id, USERS.csm.id, '2026-11-01T00:00:00Z', 'directory');
    for (const link of [ssoOnly, directoryOnly]) {
      await cases.notices.completedThrough(link, 'sso', 'page');
      await cases.notices.completedThrough(link, 'directory', 'scalekit');
    }
    expect(cases.notifier.sent.map(({ linkId, part }) => [linkId, part])).toEqual([
      ['L-sso', 'sso'],
      ['L-scim', 'directory'],
    ]);
    expect(cases.db.rows('SetupNotice')).toEqual([
      { linkId: 'L-sso', part: 'sso', createdAt: expect.any(Date) },
      { linkId: 'L-scim', part: 'directory', createdAt: expect.any(Date) },
    ]);
  });

  it('credits the newest link that offered the part when Scalekit reports it, or no one', async () => {
    await linkFor('L-whole', ORGS.acme.id, USERS.admin.id, '2026-11-01T00:00:00Z');
    await linkFor('L-sso', ORGS.acme.id, USERS.csm.id, '2026-11-02T00:00:00Z', 'sso');
    await linkFor('L-scim', ORGS.globex.id, USERS.csm.id, '2026-11-02T00:00:00Z', 'directory');
    await cases.notices.completedFor(ORGS.acme.id, 'directory');
    await cases.notices.completedFor(ORGS.acme.id, 'sso');
    await cases.notices.completedFor(ORGS.globex.id, 'sso');
    expect(cases.notifier.sent.map(({ linkId, issuerId, part }) => [linkId, issuerId, part])).toEqual([
      ['L-whole', USERS.admin.id, 'directory'],
      ['L-sso', USERS.csm.id, 'sso'],
    ]);
  });

  it('tells no one when no link was issued to the organization', async () => {
    await cases.db.links.create(failedAttempt({ id: 'L-failed', failureReason: 'timeout', orgId: ORGS.initech.id }));
    await cases.notices.completedFor(ORGS.initech.id, 'sso');
    expect((await cases.delivered()).sent).toEqual([]);
    expect(cases.db.rows('SetupNotice')).toEqual([]);
  });

  it('sends one message when the page and Scalekit report the same part', async () => {
    const link = await linkFor('L-1', ORGS.acme.id, USERS.csm.id, '2026-11-01T00:00:00Z');
    await Promise.all([cases.notices.completedFor(ORGS.acme.id, 'sso'), cases.notices.completedThrough(link, 'sso', 'page')]);
    expect((await cases.delivered()).sent.map(({ linkId, part }) => [linkId, part])).toEqual([['L-1', 'sso']]);
  });
});
