// Scalekit's setup guides for each identity provider, so the IT admin lands on the right one.
import { covers, type LinkScope } from './links/scope.js';

const BASE = 'https://docs.scalekit.com/guides/integrations/';

export interface Guide {
  title: string;
  url: string;
}

export interface IdpGuides {
  /** What people type after `--idp`. */
  key: string;
  name: string;
  aliases: string[];
  sso: Guide[];
  scim: Guide[];
}

const sso = (slug: string, title: string): Guide => ({ title, url: `${BASE}sso-integrations/${slug}` });
const scim = (slug: string, title: string): Guide => ({ title, url: `${BASE}scim-integrations/${slug}` });

export const GUIDES_INDEX: Guide = { title: 'All setup guides', url: BASE };

export const IDP_GUIDES: readonly IdpGuides[] = [
  {
    key: 'okta',
    name: 'Okta',
    aliases: [],
    sso: [sso('okta-saml', 'Okta SAML'), sso('okta-oidc', 'Okta OIDC')],
    scim: [scim('okta-scim', 'Okta SCIM')],
  },
  {
    key: 'entra',
    name: 'Microsoft Entra ID',
    aliases: ['azure', 'azure-ad', 'entra-id', 'entraid', 'microsoft'],
    sso: [sso('azure-ad-saml', 'Entra ID SAML'), sso('microsoft-entraid-oidc', 'Entra ID OIDC')],
    scim: [scim('azure-scim', 'Entra ID SCIM')],
  },
  {
    key: 'google',
    name: 'Google Workspace',
    aliases: ['gsuite', 'google-workspace'],
    sso: [sso('google-saml', 'Google Workspace SAML'), sso('google-oidc', 'Google Workspace OIDC')],
    scim: [scim('google-dir-sync', 'Google Directory Sync')],
  },
  {
    key: 'jumpcloud',
    name: 'JumpCloud',
    aliases: [],
    sso: [sso('jumpcloud-saml', 'JumpCloud SAML'), sso('jumpcloud-oidc', 'JumpCloud OIDC')],
    scim: [scim('jumpcloud', 'JumpCloud SCIM')],
  },
  {
    key: 'onelogin',
    name: 'OneLogin',
    aliases: [],
    sso: [sso('onelogin-saml', 'OneLogin SAML'), sso('onelogin-oidc', 'OneLogin OIDC')],
    scim: [scim('onelogin', 'OneLogin SCIM')],
  },
  {
    key: 'ping',
    name: 'Ping Identity',
    aliases: ['pingidentity', 'pingone', 'pingfederate'],
    sso: [sso('pingidentity-saml', 'Ping Identity SAML'), sso('pingidentity-oidc', 'Ping Identity OIDC')],
    scim: [scim('pingidentity-scim', 'Ping Identity SCIM')],
  },
  {
    key: 'adfs',
    name: 'Microsoft AD FS',
    aliases: ['ad-fs', 'microsoft-ad-fs'],
    sso: [sso('microsoft-ad-fs', 'Microsoft AD FS')],
    scim: [],
  },
  {
    key: 'shibboleth',
    name: 'Shibboleth',
    aliases: [],
    sso: [sso('shibboleth-saml', 'Shibboleth SAML')],
    scim: [],
  },
  {
    key: 'generic',
    name: 'Any other SAML, OIDC or SCIM provider',
    aliases: ['saml', 'oidc', 'scim', 'other', 'custom'],
    sso: [sso('generic-saml', 'Generic SAML'), sso('generic-oidc', 'Generic OIDC')],
    scim: [scim('generic-scim', 'Generic SCIM')],
  },
];

/** The providers shown when a CSM names none: most customers use one of these. */
export const COMMON_IDPS = ['okta', 'entra', 'google'] as const;

export function findIdpGuides(name: string): IdpGuides | null {
  const wanted = name.trim().toLowerCase();
  return IDP_GUIDES.find((idp) => idp.key === wanted || idp.aliases.includes(wanted)) ?? null;
}

/** Guides by part, kept to the parts a link of `scope` offers: SSO guides, SCIM guides, or both. */
export function guidesInScope<T>(guides: { sso: readonly T[]; scim: readonly T[] }, scope: LinkScope): { sso: readonly T[]; scim: readonly T[] } {
  return { sso: covers(scope, 'sso') ? guides.sso : [], scim: covers(scope, 'directory') ? guides.scim : [] };
}

export function idpKeys(): string[] {
  return IDP_GUIDES.map((idp) => idp.key);
}
