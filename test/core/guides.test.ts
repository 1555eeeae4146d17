import { describe, expect, it } from 'vitest';
import { findIdpGuides, IDP_GUIDES } from '../../src/core/guides.js';

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
