import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PastDeadline } from '../../../src/core/deadline.js';
import { Refused } from '../../../src/core/errors.js';
import { LinkIssuer } from '../../../src/core/links/issue.js';
import type { FailedAttempt } from '../../../src/core/links/link.js';
import { hashLinkToken, isWellFormedToken } from '../../../src/core/links/tokens.js';
import { ScalekitOrgNotFoundError, ScalekitUnavailableError } from '../../../src/core/ports.js';
import { asIssued } from '../../helpers/fixtures.js';
import {
  DEFAULT_TTL_MS,
  issuerOf,
  linkRequest,
  mapAlias,
  ORGS,
  PUBLIC_BASE_URL,
  tokenOf,
  useCases,
  USERS,
  type UseCases,
} from '../../helpers/use-cases.js';

let cases: UseCases;

beforeEach(async () => {
  cases = useCases();
  await mapAlias(cases, 'acme', ORGS.acme, 'C0ACME');
});

/** The only record in the audit trail, which must be a failed attempt. */
async function onlyFailedAttempt(): Promise<FailedAttempt> {
  const records = await cases.db.links.recent({ limit: 10 });
  expect(records).toHaveLength(1);
  const [record] = records;
  if (record?.outcome !== 'failed') throw new Error(`expected a failed attempt, got ${JSON.stringify(record)}`);
  return record;
}

describe('issuing a hosted link', () => {
  it('records the link with only its token\'s hash, then hands out the URL', async () => {
    const issued = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', idp: 'okta', note: 'for Dana' }));

    expect(issued).toMatchObject({ kind: 'hosted', org: { id: ORGS.acme.id, displayName: ORGS.acme.displayName, alias: 'acme' } });
    expect(issued.url.startsWith(`${PUBLIC_BASE_URL}/p/`)).toBe(true);
    const token = tokenOf(issued.url);
    expect(isWellFormedToken(token)).toBe(true);
    expect(issued.expiresAt).toEqual(new Date(cases.clock.now().getTime() + DEFAULT_TTL_MS));

    const record = asIssued(await cases.db.links.findById(issued.linkId));
    expect(record).toMatchObject({
      kind: 'hosted',
      issuerId: USERS.csm.id,
      teamId: 'T0TEAM',
      channelId: 'C0ACME',
      orgQuery: 'acme',
      orgId: ORGS.acme.id,
      orgName: ORGS.acme.displayName,
      idp: 'okta',
      note: 'for Dana',
      scope: 'all',
      tokenHash: hashLinkToken(token),
      scalekitLinkId: null,
      createdAt: cases.clock.now(),
      expiresAt: issued.expiresAt,
      revokedAt: null,
    });
    expect(JSON.stringify(record)).not.toContain(token);
  });

  it('keeps what it sets up with the link, and asks Scalekit nothing yet', async () => {
    for (const scope of ['sso', 'directory'] as const) {
      const issued = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', scope }));
      expect(asIssued(await cases.db.links.findById(issued.linkId)).scope).toBe(scope);
    }
    expect(cases.scalekit.portalLinkRequests).toEqual([]);
  });

  it('lives as long as asked', async () => {
    const issued = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', ttl: '2h' }));
    expect(issued.expiresAt).toEqual(new Date(cases.clock.now().getTime() + 2 * 3_600_000));
  });

  it('asks Scalekit nothing when the customer is an alias, so an outage does not stop it', async () => {
    cases.scalekit.unavailable = true;
    const issued = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme' }));
    expect(asIssued(await cases.db.links.findById(issued.linkId)).kind).toBe('hosted');
    expect(cases.scalekit.portalLinks).toEqual([]);
  });

  it('resolves the channel\'s customer when none is named, and an org id or external id through Scalekit', async () => {
    const fromChannel = await cases.issuer.issue(issuerOf(USERS.csm.id, 'C0ACME'), linkRequest());
    expect(fromChannel.org).toMatchObject({ id: ORGS.acme.id, alias: 'acme' });
    const byId = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: ORGS.globex.id }));
    expect(byId.org).toMatchObject({ id: ORGS.globex.id, alias: null });
    const byExternalId = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: `ext:${ORGS.initech.externalId}` }));
    expect(byExternalId.org).toMatchObject({ id: ORGS.initech.id, alias: null });
  });

  it('is open to members of an issuing user group and to admins', async () => {
    for (const userId of [USERS.groupCsm.id, USERS.admin.id]) {
      const issued = await cases.issuer.issue(issuerOf(userId), linkRequest({ customer: 'acme' }));
      expect(asIssued(await cases.db.links.findById(issued.linkId)).issuerId).toBe(userId);
    }
  });

  it('hands out no URL when its record cannot be written', async () => {
    vi.spyOn(cases.db.links, 'create').mockRejectedValue(new Error('database is locked'));
    await expect(cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme' }))).rejects.toThrow('database is locked');
  });

  it('records the attempt as failed when only the issued record could not be written', async () => {
    vi.spyOn(cases.db.links, 'create').mockRejectedValueOnce(new Error('database is locked'));
    await expect(cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme' }))).rejects.toThrow('database is locked');
    expect(await onlyFailedAttempt()).toMatchObject({ failureReason: 'database is locked', orgId: ORGS.acme.id });
  });
});

describe('issuing a direct link', () => {
  it('records Scalekit\'s single-use link, then hands it out', async () => {
    const issued = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', kind: 'direct' }));
    const [portal] = cases.scalekit.portalLinks;
    expect(issued).toMatchObject({ kind: 'direct', url: portal?.location, expiresAt: portal?.expiresAt });
    expect(asIssued(await cases.db.links.findById(issued.linkId))).toMatchObject({
      kind: 'direct',
      tokenHash: null,
      scalekitLinkId: portal?.id,
      expiresAt: portal?.expiresAt,
    });
  });

  it('asks Scalekit for a portal of its scope, and keeps the scope with the link', async () => {
    const issued = await cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', kind: 'direct', scope: 'directory' }));
    expect(cases.scalekit.portalLinkRequests).toEqual([{ orgId: ORGS.acme.id, scope: 'directory' }]);
    expect(asIssued(await cases.db.links.findById(issued.linkId))).toMatchObject({ kind: 'direct', scope: 'directory' });
  });

  it('hands out no URL when its record cannot be written', async () => {
    vi.spyOn(cases.db.links, 'create').mockRejectedValue(new Error('database is locked'));
    await expect(cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', kind: 'direct' }))).rejects.toThrow(
      'database is locked',
    );
  });
});

describe('refusing to issue, with a failed attempt recorded first', () => {
  it('refuses someone who may not issue', async () => {
    const refused = cases.issuer.issue(issuerOf(USERS.stranger.id), linkRequest({ customer: 'acme' }));
    await expect(refused).rejects.toEqual(new Refused({ reason: 'not_allowed', to: 'issue' }));
    expect(await onlyFailedAttempt()).toMatchObject({
      issuerId: USERS.stranger.id,
      orgQuery: 'acme',
      failureReason: 'not authorized to issue',
      orgId: null,
      orgName: null,
      createdAt: cases.clock.now(),
    });
  });

  it('refuses an unknown alias, naming the near matches', async () => {
    await mapAlias(cases, 'acme-eu', ORGS.acme);
    const refused = cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'Acmee' }));
    await expect(refused).rejects.toMatchObject({ refusal: { reason: 'unknown_alias', alias: 'acmee', nearMatches: ['acme', 'acme-eu'] } });
    expect(await onlyFailedAttempt()).toMatchObject({ orgQuery: 'Acmee', failureReason: 'no customer is mapped as acmee', orgId: null });
  });

  it('refuses when no customer is named and the channel has none', async () => {
    const refused = cases.issuer.issue(issuerOf(USERS.csm.id, 'C0GENERAL'), linkRequest());
    await expect(refused).rejects.toMatchObject({ refusal: { reason: 'no_customer_for_channel' } });
    expect(await onlyFailedAttempt()).toMatchObject({
      orgQuery: '',
      channelId: 'C0GENERAL',
      failureReason: 'no customer named, and none mapped to the channel',
    });
  });

  it('refuses an organization Scalekit does not know', async () => {
    const refused = cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'ext:NOBODY' }));
    await expect(refused).rejects.toMatchObject({ refusal: { reason: 'unknown_org', query: 'ext:NOBODY' } });
    expect(await onlyFailedAttempt()).toMatchObject({ failureReason: 'Scalekit has no organization ext:NOBODY', orgId: null });
  });

  it('refuses `ext:` without an external id', async () => {
    await expect(cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'ext:' }))).rejects.toMatchObject({
      refusal: { reason: 'missing_external_id' },
    });
    expect(await onlyFailedAttempt()).toMatchObject({ orgQuery: 'ext:', failureReason: 'no external id after ext:' });
  });
});

describe('failing to issue, with a failed attempt recorded first', () => {
  it('fails when Scalekit cannot be asked who the customer is', async () => {
    cases.scalekit.unavailable = true;
    const failed = cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: ORGS.acme.id }));
    await expect(failed).rejects.toBeInstanceOf(ScalekitUnavailableError);
    expect(await onlyFailedAttempt()).toMatchObject({ failureReason: expect.stringMatching(/^Scalekit is unavailable/), orgId: null });
  });

  it('fails when Scalekit cannot make a direct link, keeping the customer it resolved', async () => {
    cases.scalekit.unavailable = true;
    const failed = cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', kind: 'direct' }));
    await expect(failed).rejects.toBeInstanceOf(ScalekitUnavailableError);
    expect(await onlyFailedAttempt()).toMatchObject({
      kind: 'direct',
      failureReason: expect.stringMatching(/^Scalekit is unavailable/),
      orgId: ORGS.acme.id,
      orgName: ORGS.acme.displayName,
    });
  });

  it('fails when the mapped organization is gone from Scalekit', async () => {
    cases.scalekit.removeOrg(ORGS.acme.id);
    const failed = cases.issuer.issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', kind: 'direct' }));
    await expect(failed).rejects.toBeInstanceOf(ScalekitOrgNotFoundError);
    expect(await onlyFailedAttempt()).toMatchObject({ failureReason: `Scalekit has no organization ${ORGS.acme.id}`, orgId: ORGS.acme.id });
  });
});

describe('past the shutdown deadline', () => {
  const issuerWith = (deadline: AbortSignal) =>
    new LinkIssuer({ db: cases.db, scalekit: cases.scalekit, resolver: cases.resolver, access: cases.access, directory: cases.directory, hostedPageUrl: (token) => `${PUBLIC_BASE_URL}/p/${token}`, defaultTtlMs: DEFAULT_TTL_MS, now: cases.clock.now, deadline });

  it('fails an issue still waiting on Scalekit when the deadline passes, and records why', async () => {
    const deadline = new AbortController();
    const asked = new Promise<void>((resolve) => {
      vi.spyOn(cases.scalekit, 'generatePortalLink').mockImplementation(() => (resolve(), new Promise(() => undefined)));
    });
    const issuing = issuerWith(deadline.signal).issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme', kind: 'direct' }));
    await asked;
    deadline.abort();
    await expect(issuing).rejects.toThrow(PastDeadline);
    expect(await onlyFailedAttempt()).toMatchObject({ kind: 'direct', orgId: ORGS.acme.id, failureReason: 'the bot shut down before this finished' });
  });

  it('starts no issue once the deadline has passed, and records the attempt', async () => {
    const deadline = new AbortController();
    deadline.abort();
    await expect(issuerWith(deadline.signal).issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme' }))).rejects.toThrow(PastDeadline);
    expect(await onlyFailedAttempt()).toMatchObject({ kind: 'hosted', failureReason: 'the bot shut down before this finished' });
  });

  it('records the attempt under the sender\'s id when looking up their name is cut off', async () => {
    const deadline = new AbortController();
    vi.spyOn(cases.directory, 'userName').mockImplementation(() => (deadline.abort(), new Promise(() => undefined)));
    await expect(issuerWith(deadline.signal).issue(issuerOf(USERS.csm.id), linkRequest({ customer: 'acme' }))).rejects.toThrow(PastDeadline);
    expect(await onlyFailedAttempt()).toMatchObject({ issuerId: USERS.csm.id, issuerName: USERS.csm.id, failureReason: 'the bot shut down before this finished' });
  });
});
