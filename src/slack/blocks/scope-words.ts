import type { LinkScope } from '../../core/links/scope.js';

/** What a link sets up, in the CSM's words: the form's choice, the message's heading, a list's tag. */
export const SCOPE_WORDS: Record<LinkScope, { choice: string; heading: string; tag: string }> = {
  all: { choice: 'Single sign-on and directory sync', heading: 'SSO & SCIM setup', tag: 'SSO + SCIM' },
  sso: { choice: 'Single sign-on only', heading: 'SSO setup', tag: 'SSO only' },
  directory: { choice: 'Directory sync (SCIM) only', heading: 'Directory sync (SCIM) setup', tag: 'SCIM only' },
};
