import { describe, expect, it } from 'vitest';
import { findIdpGuides, IDP_GUIDES } from '../../src/core/guides.js';
import { nearMatches } from '../../src/core/org-resolver.js';
import { hashLinkToken, isWellFormedToken, newLinkId, newLinkToken } from '../../src/core/links/tokens.js';

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

describe('guides', () => {
  it('cover every Scalekit SSO and SCIM guide', () => {
    const slugs = IDP_GUIDES.flatMap((idp) => [...idp.sso, ...idp.scim]).map((guide) => guide.url.split('/integrations/')[1]);
    expect(slugs).toEqual(
      expect.arrayContaining(
        [
          ...['okta-saml', 'okta-oidc', 'azure-ad-saml', 'microsoft-entraid-oidc', 'google-saml', 'google-oidc', 'jumpcloud-saml'].map((s) => `sso-integrations/${s}`),
          ...['jumpcloud-oidc', 'onelogin-saml', 'onelogin-oidc', 'pingidentity-saml', 'pingidentity-oidc', 'microsoft-ad-fs'].map((s) => `sso-integrations/${s}`),
          ...['shibboleth-saml', 'generic-saml', 'generic-oidc'].map((s) => `sso-integrations/${s}`),
          ...['okta-scim', 'azure-scim', 'google-dir-sync', 'jumpcloud', 'onelogin', 'pingidentity-scim', 'generic-scim'].map((s) => `scim-integrations/${s}`),
        ],
      ),
    );
  });

  it('are found by key or alias, case-insensitively', () => {
    expect(findIdpGuides('Azure')?.key).toBe('entra');
    expect(findIdpGuides('nope')).toBeNull();
  });
});

describe('nearMatches', () => {
  it('suggests aliases a typo away, closest first', () => {
    expect(nearMatches('acmee', ['acme', 'globex', 'acme-eu'])).toEqual(['acme', 'acme-eu']);
    expect(nearMatches('zzz', ['acme', 'globex'])).toEqual([]);
  });
});
