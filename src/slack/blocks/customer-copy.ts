import { describeUtc } from '../../core/dates.js';
import { COMMON_IDPS, findIdpGuides, GUIDES_INDEX, guidesInScope, type IdpGuides } from '../../core/guides.js';
import type { IssuedLink } from '../../core/links/link.js';
import type { LinkScope } from '../../core/links/scope.js';
import { context, escapeMrkdwn, type SlackMessage } from './mrkdwn.js';

/** What the page is for, by what the link sets up. */
const PURPOSE: Record<LinkScope, string> = {
  all: 'To set up single sign-on (SSO) for {org}, and user provisioning (SCIM) if you wish',
  sso: 'To set up single sign-on (SSO) for {org}',
  directory: 'To set up user provisioning (SCIM, directory sync) for {org}',
};

/** The guides that go with the link (those of the parts it sets up), one per line, for a reader outside Slack. */
function guideLines(idp: IdpGuides | null, scope: LinkScope): string[] {
  const guides = idp ? Object.values(guidesInScope(idp, scope)).flat() : [];
  // An identity provider with no guide for the part in scope (AD FS and directory sync) gets the index.
  if (idp && guides.length) return [`Setup guides for ${idp.name}:`, ...guides.map((guide) => `- ${guide.title}: ${guide.url}`)];
  const common = COMMON_IDPS.map((key) => findIdpGuides(key)?.name).join(', ');
  return [`Setup guides for ${common} and other identity providers: ${GUIDES_INDEX.url}`];
}

/** The text a CSM pastes into an e-mail or a shared channel for the customer's IT admin. */
function customerText(link: IssuedLink, url: string): string {
  return [
    'Hello,',
    '',
    `${PURPOSE[link.scope].replace('{org}', () => link.orgName)}, please open this page. It walks you through connecting your identity provider; you will need administrator access to it.`,
    '',
    url,
    '',
    `The page works until ${describeUtc(link.expiresAt)}.`,
    '',
    ...guideLines(link.idp ? findIdpGuides(link.idp) : null, link.scope),
  ].join('\n');
}

/**
 * Copy for the customer: shown to the CSM alone, as plain text, so that it pastes exactly as it
 * reads (no markup to escape, nothing Slack turns into mentions).
 */
export function customerCopyMessage(link: IssuedLink, url: string): SlackMessage {
  return {
    text: `Text for ${escapeMrkdwn(link.orgName)}'s IT admin`,
    blocks: [
      context(`:clipboard: Ready to paste for *${escapeMrkdwn(link.orgName)}*'s IT admin (\`${link.id}\`). Only you see this.`),
      { type: 'section', text: { type: 'plain_text', text: customerText(link, url), emoji: false } },
    ],
  };
}
