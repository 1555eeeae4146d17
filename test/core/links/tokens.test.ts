import { describe, expect, it } from 'vitest';
import { hashLinkToken, isWellFormedToken, newLinkId, newLinkToken } from '../../../src/core/links/tokens.js';

describe('link tokens', () => {
  it('are 256 random bits, URL-safe, stored only as their SHA-256', () => {
    const { token, tokenHash } = newLinkToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(isWellFormedToken(token)).toBe(true);
    expect(tokenHash).toBe(hashLinkToken(token));
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(newLinkToken().token).not.toBe(token);
  });

  it('refuses malformed tokens before any lookup', () => {
    expect(isWellFormedToken('short')).toBe(false);
    expect(isWellFormedToken(`${'a'.repeat(42)}/`)).toBe(false);
  });

  it('link ids are short and readable', () => {
    expect(newLinkId()).toMatch(/^L-[a-z2-9]{8}$/);
  });
});
