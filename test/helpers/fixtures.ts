// Records for tests that fill a database directly.

import type { FailedAttempt, IssuedLink, LinkRecord, NewLinkRecord } from '../../src/core/links/link.js';

type NewIssuedLink = Extract<NewLinkRecord, { outcome: 'issued' }>;

const ADA_FOR_ACME = {
  kind: 'hosted',
  teamId: 'T1',
  channelId: 'C1',
  issuerId: 'U1',
  issuerName: 'ada',
  orgQuery: 'acme',
  idp: null,
  note: null,
  scope: 'all',
  createdAt: new Date('2026-11-01T00:00:00Z'),
} as const;

/** An issued hosted link of Ada's for Acme, created 2026-11-01 for a week; `overrides` set the id and whatever else matters. */
export function newLink(overrides: Partial<NewIssuedLink> & { id: string }): NewIssuedLink {
  return {
    ...ADA_FOR_ACME,
    outcome: 'issued',
    orgId: 'org_acme',
    orgName: 'Acme',
    tokenHash: null,
    scalekitLinkId: null,
    expiresAt: new Date('2026-11-08T00:00:00Z'),
    ...overrides,
  };
}

/** A failed attempt of Ada's, created 2026-11-01. */
export function failedAttempt(overrides: Partial<FailedAttempt> & { id: string; failureReason: string }): FailedAttempt {
  return { ...ADA_FOR_ACME, outcome: 'failed', orgId: null, orgName: null, ...overrides };
}

/** The record as an issued link; fails the test when it is missing or a failed attempt. */
export function asIssued(record: LinkRecord | null | undefined): IssuedLink {
  if (record?.outcome !== 'issued') throw new Error(`expected an issued link, got ${JSON.stringify(record)}`);
  return record;
}
