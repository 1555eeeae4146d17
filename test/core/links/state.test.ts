import { describe, expect, it } from 'vitest';
import { linkState, overview } from '../../../src/core/links/state.js';
import { failedAttempt, newLink } from '../../helpers/fixtures.js';

const link = { ...newLink({ id: 'L1', expiresAt: new Date('2026-11-08T00:00:00Z') }), revokedAt: null, revokedBy: null, replacedBy: null, posted: null };
const before = new Date('2026-11-07T23:59:59.999Z');
const expiry = new Date('2026-11-08T00:00:00Z');

describe('what a link is now', () => {
  it('is live until it expires, and expired from its expiry on', () => {
    expect(linkState(link, before, 0, undefined)).toBe('live');
    expect(linkState(link, expiry, 0, undefined)).toBe('expired');
  });

  it('is revoked once revoked, whatever else holds', () => {
    const revoked = { ...link, revokedAt: new Date('2026-11-02T00:00:00Z'), revokedBy: 'U2' };
    expect(linkState(revoked, before, 0, undefined)).toBe('revoked');
    expect(linkState(revoked, expiry, 5, 1)).toBe('revoked');
  });

  it('is replaced once a fresh link took its place (which revoked it), whatever else holds', () => {
    const replaced = { ...link, revokedAt: new Date('2026-11-02T00:00:00Z'), revokedBy: 'U2', replacedBy: 'L2' };
    expect(linkState(replaced, before, 0, undefined)).toBe('replaced');
    expect(linkState(replaced, expiry, 5, 1)).toBe('replaced');
  });

  it('is exhausted once its portal sessions reach the cap, and never without one', () => {
    expect(linkState(link, before, 1, 2)).toBe('live');
    expect(linkState(link, before, 2, 2)).toBe('exhausted');
    expect(linkState(link, before, 1_000, undefined)).toBe('live');
    expect(linkState(link, expiry, 2, 2)).toBe('expired');
  });

  it('was never anything but failed when it was not issued', () => {
    expect(linkState(failedAttempt({ id: 'L2', failureReason: 'timeout' }), before, 0, undefined)).toBe('failed');
  });

  it('counts the sessions a summary carries', () => {
    const summary = { ...link, views: 3, sessions: 2, reportedEvents: [], partsFinished: 0 };
    expect(overview(summary, before, 2)).toEqual({ ...summary, state: 'exhausted' });
    expect(overview(summary, before, 3).state).toBe('live');
  });
});
