import { describe, expect, it } from 'vitest';
import { findIdpGuides, type IdpGuides } from '../../src/core/guides.js';
import { guidesForLink } from '../../src/slack/blocks/guides.js';
import { messageText } from '../helpers/bot.js';

const guides = (idp: string | null, scope: 'all' | 'sso' | 'directory') =>
  messageText({ blocks: [guidesForLink(idp ? (findIdpGuides(idp) as IdpGuides) : null, scope)] });
const slugs = (text: string) => [...text.matchAll(/integrations\/([a-z-]+\/[a-z-]+)\|([^>]+)>/g)].map(([, slug, title]) => `${slug} ${title}`);

describe('the guides that go with a link', () => {
  it("are the provider's guides for the parts the link sets up", () => {
    expect(slugs(guides('okta', 'all'))).toEqual(['sso-integrations/okta-saml Okta SAML', 'sso-integrations/okta-oidc Okta OIDC', 'scim-integrations/okta-scim Okta SCIM']);
    expect(slugs(guides('okta', 'sso'))).toEqual(['sso-integrations/okta-saml Okta SAML', 'sso-integrations/okta-oidc Okta OIDC']);
    expect(slugs(guides('okta', 'directory'))).toEqual(['scim-integrations/okta-scim Okta SCIM']);
  });

  it('point at the index when the provider has no guide for the part', () => {
    const text = guides('adfs', 'directory');
    expect(slugs(text)).toEqual([]);
    expect(text).toContain('*Microsoft AD FS* (`adfs`) has no guide for this part; see <https://docs.scalekit.com/guides/integrations/|All setup guides>');
  });

  it('without a provider, are the index and the common providers, per part in scope', () => {
    expect(guides(null, 'sso')).toContain('SSO: <https://docs.scalekit.com/guides/integrations/sso-integrations/okta-saml|Okta> · ');
    expect(slugs(guides(null, 'sso'))).toEqual(['sso-integrations/okta-saml Okta', 'sso-integrations/azure-ad-saml Microsoft Entra ID', 'sso-integrations/google-saml Google Workspace']);
    expect(slugs(guides(null, 'directory'))).toEqual(['scim-integrations/okta-scim Okta', 'scim-integrations/azure-scim Microsoft Entra ID', 'scim-integrations/google-dir-sync Google Workspace']);
    expect(slugs(guides(null, 'all'))).toEqual([...slugs(guides(null, 'sso')), ...slugs(guides(null, 'directory'))]);
    expect(guides(null, 'all')).toContain('|All setup guides>');
  });
});
