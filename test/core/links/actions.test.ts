import { describe, expect, it } from 'vitest';
import { actionsFor, extensionLimit } from '../../../src/core/links/actions.js';
import { newLink } from '../../helpers/fixtures.js';

const issued = newLink({ id: 'L1', createdAt: new Date('2026-11-01T00:00:00Z'), expiresAt: new Date('2026-11-08T00:00:00Z') });

describe('what may be done to a link', () => {
  it('offers every action on a live hosted link', () => {
    expect(actionsFor(issued, 'live')).toEqual(['extend', 'replace', 'revoke', 'copy']);
  });

  it('offers what still means something once a link ended', () => {
    expect(actionsFor(issued, 'expired')).toEqual(['extend', 'replace', 'revoke']);
    expect(actionsFor(issued, 'exhausted')).toEqual(['replace', 'revoke']);
    expect(actionsFor(issued, 'revoked')).toEqual([]);
    expect(actionsFor(issued, 'replaced')).toEqual([]);
  });

  it('stops offering Extend once a link lives as long as it may: 30 days after its issue', () => {
    expect(extensionLimit(issued)).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(actionsFor({ ...issued, expiresAt: new Date('2026-11-30T23:59:59Z') }, 'live')).toContain('extend');
    expect(actionsFor({ ...issued, expiresAt: extensionLimit(issued) }, 'live')).toEqual(['replace', 'revoke', 'copy']);
  });

  it('offers nothing on a direct link, which works once and dies by itself', () => {
    expect(actionsFor({ ...issued, kind: 'direct' }, 'live')).toEqual([]);
  });
});
