import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isTrackedPageEvent } from '../../../src/core/links/hosted.js';
import type { FailedAttempt } from '../../../src/core/links/link.js';
import type { LinkScope } from '../../../src/core/links/scope.js';
import { newLinkToken } from '../../../src/core/links/tokens.js';
import { ScalekitOrgNotFoundError, ScalekitUnavailableError } from '../../../src/core/ports.js';
import { failedAttempt, newLink } from '../../helpers/fixtures.js';
import { issuerOf, linkRequest, mapAlias, ORGS, tokenOf, useCases, USERS, type UseCaseOptions, type UseCases } from '../../helpers/use-cases.js';

let cases: UseCases;

/** A fresh hosted link for Acme, issued by the CSM; returns its token and id. */
async function issueHosted(options: UseCaseOptions = {}, ttl = '1d', scope?: LinkScope) {
  cases = useCases(options);
  await mapAlias(cases, 'acme', ORGS.acme);
  const issued = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', ttl, scope }));
  return { token: tokenOf(issued.url), linkId: issued.linkId };
}

const eventTypes = async (linkId: string) => (await cases.db.links.events(linkId)).map((event) => event.type);

describe('looking a token up', () => {
  let token: string;
  let linkId: string;

  beforeEach(async () => {
    ({ token, linkId } = await issueHosted());
  });

  it('finds a live link without asking Scalekit or recording anything', async () => {
    cases.scalekit.unavailable = true;
    expect(await cases.page.open(token)).toMatchObject({ state: 'live', link: { id: linkId, orgId: ORGS.acme.id } });
    expect(await eventTypes(linkId)).toEqual([]);
  });

  it('refuses an expired link from its expiry on, and audits the refusal', async () => {
    cases.clock.advance(86_400_000 - 1);
    expect((await cases.page.open(token)).state).toBe('live');
    cases.clock.advance(1);
    expect(await cases.page.open(token)).toMatchObject({ state: 'expired', link: { id: linkId } });
    expect(await cases.db.links.events(linkId)).toEqual([
      { linkId, type: 'refused_expired', detail: null, actor: null, createdAt: cases.clock.now() },
    ]);
  });

  it('refuses a revoked link, and audits the refusal', async () => {
    await cases.revoker.revoke(linkId, USERS.csm.id);
    expect((await cases.page.open(token)).state).toBe('revoked');
    expect(await eventTypes(linkId)).toEqual(['revoked', 'refused_revoked']);
  });

  it('audits a refusal only when told to: find records nothing, refused records it once', async () => {
    await cases.revoker.revoke(linkId, USERS.csm.id);
    const hosted = await cases.hosted.find(token);
    expect(hosted).toMatchObject({ state: 'revoked', link: { id: linkId } });
    expect(await eventTypes(linkId)).toEqual(['revoked']);
    await cases.hosted.refused(hosted);
    expect(await eventTypes(linkId)).toEqual(['revoked', 'refused_revoked']);
  });

  it('knows nothing of a token it never issued, and audits nothing', async () => {
    expect(await cases.page.open(newLinkToken().token)).toEqual({ state: 'unknown' });
    expect(cases.db.rows('LinkEvent')).toEqual([]);
  });

  it('turns a malformed token away before reading the database', async () => {
    const findByTokenHash = vi.spyOn(cases.db.links, 'findByTokenHash');
    for (const malformed of ['', 'short', `${token}x`, `${token.slice(0, -1)}/`]) {
      expect(await cases.page.open(malformed)).toEqual({ state: 'unknown' });
    }
    expect(findByTokenHash).not.toHaveBeenCalled();
  });

  it('knows nothing of a failed attempt or a direct link, even one carrying a token hash', async () => {
    const failedToken = newLinkToken();
    const failed: FailedAttempt = failedAttempt({ id: 'L-failed', failureReason: 'database is locked' });
    await cases.db.links.create({ ...failed, tokenHash: failedToken.tokenHash } as FailedAttempt);
    const directToken = newLinkToken();
    await cases.db.links.create(newLink({ id: 'L-direct', kind: 'direct', tokenHash: directToken.tokenHash, expiresAt: new Date('2027-01-01') }));

    expect(await cases.page.open(failedToken.token)).toEqual({ state: 'unknown' });
    expect(await cases.page.open(directToken.token)).toEqual({ state: 'unknown' });
    expect(cases.db.rows('LinkEvent')).toEqual([]);
  });
});

describe('minting a portal session', () => {
  it('counts a view on the first load only, and records each session Scalekit minted', async () => {
    const { token, linkId } = await issueHosted();
    const first = await cases.page.session(token, true);
    const renewal = await cases.page.session(token, false);

    expect(first).toEqual({ state: 'live', portal: cases.scalekit.portalLinks[0] });
    expect(renewal).toEqual({ state: 'live', portal: cases.scalekit.portalLinks[1] });
    expect((await cases.db.links.events(linkId)).map(({ type, detail }) => [type, detail])).toEqual([
      ['viewed', null],
      ['session_minted', 'plk_1'],
      ['session_minted', 'plk_2'],
    ]);
  });

  it('asks every session for the scope the link was issued with', async () => {
    for (const scope of ['all', 'sso', 'directory'] as const) {
      const { token } = await issueHosted({}, '1d', scope);
      await cases.page.session(token, true);
      await cases.page.session(token, false);
      await cases.page.session(token, false);
      expect(cases.scalekit.portalLinkRequests).toEqual(Array(3).fill({ orgId: ORGS.acme.id, scope }));
    }
  });

  it('mints nothing and counts nothing for a dead link', async () => {
    const { token, linkId } = await issueHosted();
    cases.clock.advance(86_400_000);
    expect(await cases.page.session(token, true)).toEqual({ state: 'expired' });
    expect(await cases.page.session(newLinkToken().token, true)).toEqual({ state: 'unknown' });
    expect(cases.scalekit.portalLinks).toEqual([]);
    expect(await eventTypes(linkId)).toEqual(['refused_expired']);
  });

  it('records a failed session when Scalekit is down, and raises its error', async () => {
    const { token, linkId } = await issueHosted();
    cases.scalekit.unavailable = true;
    await expect(cases.page.session(token, true)).rejects.toBeInstanceOf(ScalekitUnavailableError);
    const events = await cases.db.links.events(linkId);
    expect(events.map(({ type }) => type)).toEqual(['viewed', 'session_failed']);
    expect(events[1]?.detail).toMatch(/^Scalekit is unavailable/);
  });

  it('records a failed session when the organization is gone from Scalekit', async () => {
    const { token, linkId } = await issueHosted();
    cases.scalekit.removeOrg(ORGS.acme.id);
    await expect(cases.page.session(token, false)).rejects.toBeInstanceOf(ScalekitOrgNotFoundError);
    expect((await cases.db.links.events(linkId)).map(({ type, detail }) => [type, detail])).toEqual([
      ['session_failed', `Scalekit has no organization ${ORGS.acme.id}`],
    ]);
  });

  it('stops at the session cap, counting only the sessions minted', async () => {
    const { token, linkId } = await issueHosted({ maxSessionsPerLink: 2 });
    cases.scalekit.unavailable = true;
    await expect(cases.page.session(token, true)).rejects.toThrow();
    cases.scalekit.unavailable = false;
    expect((await cases.page.session(token, false)).state).toBe('live');
    expect((await cases.page.session(token, false)).state).toBe('live');

    expect(await cases.page.session(token, false)).toEqual({ state: 'exhausted' });
    expect(await cases.page.open(token)).toMatchObject({ state: 'exhausted', link: { id: linkId } });
    expect(cases.scalekit.portalLinks).toHaveLength(2);
    expect(await eventTypes(linkId)).toEqual(['viewed', 'session_failed', 'session_minted', 'session_minted', 'refused_exhausted', 'refused_exhausted']);
  });

  it('never runs out without a cap', async () => {
    const { token } = await issueHosted();
    for (let i = 0; i < 5; i++) expect((await cases.page.session(token, false)).state).toBe('live');
  });
});

describe('what the page reports', () => {
  let token: string;
  let linkId: string;

  beforeEach(async () => {
    ({ token, linkId } = await issueHosted());
  });

  const reported = async () => (await cases.db.links.events(linkId)).filter((e) => e.type === 'portal_event').map((e) => [e.detail, e.actor]);

  it('ignores an event the bot does not track, even for a live link', async () => {
    const hosted = await cases.hosted.find(token);
    if (hosted.state !== 'live') throw new Error(`the link is ${hosted.state}`);
    for (const event of ['PORTAL_LOAD_SUCCESS', 'organization.sso_enabled']) {
      expect(isTrackedPageEvent(event)).toBe(false);
      await cases.hosted.recordPageReport(hosted.link, event);
    }
    expect(await eventTypes(linkId)).toEqual([]);
    expect((await cases.delivered()).sent).toEqual([]);
  });

  it('records nothing for a dead or unknown link', async () => {
    expect(await cases.page.report(newLinkToken().token, 'ORGANIZATION_SSO_ENABLED')).toBe('unknown');
    await cases.revoker.revoke(linkId, USERS.csm.id);
    expect(await cases.page.report(token, 'ORGANIZATION_SSO_ENABLED')).toBe('revoked');
    expect(await reported()).toEqual([]);
    expect((await cases.delivered()).sent).toEqual([]);
  });

  it('keeps each report as the page made it, and tells the issuer once per part', async () => {
    for (const event of ['ORGANIZATION_SSO_ENABLED', 'SSO_CONFIGURED', 'ORGANIZATION_SSO_DISABLED', 'ORGANIZATION_DIRECTORY_ENABLED']) {
      expect(await cases.page.report(token, event)).toBe('live');
    }
    expect(await reported()).toEqual([
      ['ORGANIZATION_SSO_ENABLED', 'page'],
      ['SSO_CONFIGURED', 'page'],
      ['ORGANIZATION_SSO_DISABLED', 'page'],
      ['ORGANIZATION_DIRECTORY_ENABLED', 'page'],
    ]);
    expect((await cases.delivered()).sent).toEqual([
      { issuerId: USERS.csm.id, orgName: ORGS.acme.displayName, linkId, part: 'sso', source: 'page' },
      { issuerId: USERS.csm.id, orgName: ORGS.acme.displayName, linkId, part: 'directory', source: 'page' },
    ]);
  });

  it('keeps a report of a part the link does not offer, and tells no one of it', async () => {
    const directoryOnly = await issueHosted({}, '1d', 'directory');
    for (const event of ['ORGANIZATION_SSO_ENABLED', 'ORGANIZATION_DIRECTORY_ENABLED']) {
      expect(await cases.page.report(directoryOnly.token, event)).toBe('live');
    }
    linkId = directoryOnly.linkId;
    expect(await reported()).toEqual([
      ['ORGANIZATION_SSO_ENABLED', 'page'],
      ['ORGANIZATION_DIRECTORY_ENABLED', 'page'],
    ]);
    expect(cases.notifier.sent).toEqual([{ issuerId: USERS.csm.id, orgName: ORGS.acme.displayName, linkId, part: 'directory', source: 'page' }]);
  });
});
