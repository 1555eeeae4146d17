import type { LinkScope } from '../../core/links/scope.js';

/** What a link sets up, in the CSM's words: the form's choice and its hint, the message's heading, a list's tag. */
export const SCOPE_WORDS: Record<LinkScope, { choice: string; hint: string; heading: string; tag: string }> = {
  all: { choice: 'Single sign-on and directory sync', hint: 'The whole setup portal.', heading: 'SSO & SCIM setup', tag: 'SSO + SCIM' },
  sso: { choice: 'Single sign-on only', hint: 'Sign-in through the identity provider; no user provisioning.', heading: 'SSO setup', tag: 'SSO only' },
  directory: { choice: 'Directory sync (SCIM) only', hint: 'Users and groups provisioned from the directory; no SSO.', heading: 'Directory sync (SCIM) setup', tag: 'SCIM only' },
};
