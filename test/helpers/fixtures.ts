// Records for tests that fill a database directly.

import type { NewLink } from '../../src/core/ports.js';

/** An issued hosted link of Ada's for Acme, created 2026-11-01; `overrides` set the id and whatever else matters. */
export function newLink(overrides: Partial<NewLink> & { id: string }): NewLink {
  return {
    kind: 'hosted',
    outcome: 'issued',
    failureReason: null,
    teamId: 'T1',
    channelId: 'C1',
    issuerId: 'U1',
    issuerName: 'ada',
    orgQuery: 'acme',
    orgId: 'org_acme',
    orgName: 'Acme',
    tokenHash: null,
    scalekitLinkId: null,
    idp: null,
    note: null,
    expiresAt: null,
    createdAt: new Date('2026-11-01T00:00:00Z'),
    ...overrides,
  };
}
