import type { Refusal } from '../core/errors.js';
import type { EndedState, LinkAction } from '../core/links/link.js';
import { code, escapeMrkdwn, slackDate } from './blocks/mrkdwn.js';

const NOT_ALLOWED: Record<Extract<Refusal, { reason: 'not_allowed' }>['to'], string> = {
  issue: "You aren't allowed to issue SSO setup links. Ask an admin to add you (or a user group you're in) to `SSO_PORTAL_ISSUERS`.",
  see_links: "You aren't allowed to see issued links: only issuers and admins are.",
  see_status: "You aren't allowed to see setup status: only issuers and admins are.",
  manage_mappings: 'Only admins (`SSO_PORTAL_ADMINS`) can manage customer mappings.',
  add_customers: 'Only admins (`SSO_PORTAL_ADMINS`) can add customers.',
  audit: 'Only admins (`SSO_PORTAL_ADMINS`) can export the audit trail.',
};

const EXTERNAL_ID = code('ext:<external id>');

/** What the person tried to do to a link, as in "can revoke it". */
const DO_IT: Record<LinkAction, string> = {
  extend: 'extend it',
  replace: 'replace it',
  revoke: 'revoke it',
  copy: 'copy it for the customer',
  stop_reminders: 'turn off its reminders',
};

/** What a person tried to do to a link, as in "so it cannot be extended". */
const DONE: Record<LinkAction, string> = {
  extend: 'extended',
  replace: 'replaced',
  revoke: 'revoked',
  copy: 'copied for the customer',
  stop_reminders: 'reminded of',
};

/** Why a link that ended cannot take an action, and what to do instead. */
function endedText(linkId: string, state: EndedState, action: LinkAction, replacedBy: string | null): string {
  const id = code(linkId);
  switch (state) {
    case 'replaced':
      return `${id} was replaced${replacedBy ? ` by ${code(replacedBy)}` : ''}: use that one.`;
    case 'revoked':
      return `${id} was revoked, so it cannot be ${DONE[action]}. Send a new link with \`/sso-portal <customer>\`.`;
    case 'expired':
      return `${id} has expired, so it cannot be ${DONE[action]}: extend or replace it first.`;
    case 'exhausted':
      return `${id} has used up its portal sessions, so it cannot be ${DONE[action]}: replace it for a fresh link.`;
  }
}

/** Why the bot said no, in Slack's words. Everything the person typed is shown as escaped code. */
export function refusalText(refusal: Refusal): string {
  switch (refusal.reason) {
    case 'not_allowed':
      return NOT_ALLOWED[refusal.to];
    case 'no_customer_for_channel':
      return `Which customer? Name one (\`/sso-portal acme\`), or ask an admin to map this channel (\`/sso-portal map acme org_... --channel\`).`;
    case 'unknown_alias': {
      const hint = refusal.nearMatches.length ? ` Did you mean ${refusal.nearMatches.map(code).join(', ')}?` : '';
      return `No customer is mapped as ${code(refusal.alias)}.${hint} Use an org id (\`org_...\`) or ${EXTERNAL_ID}, or ask an admin to map it: ${code(`/sso-portal map ${refusal.alias} org_...`)}.`;
    }
    case 'unknown_org':
      return `Scalekit has no organization ${code(refusal.query)}.`;
    case 'missing_external_id':
      return '`ext:` needs the external id after it, e.g. `ext:CUST-42`.';
    case 'not_an_org_reference':
      return `${code(refusal.reference)} is not a Scalekit organization id (\`org_...\`) or ${EXTERNAL_ID}.`;
    case 'invalid_alias':
      return `${code(refusal.alias)} can't be an alias: use letters, digits, \`.\`, \`_\` or \`-\` (up to 63), and not a subcommand name.`;
    case 'not_mapped':
      return `No customer is mapped as ${code(refusal.alias)}.`;
    case 'alias_taken': {
      const made = refusal.fromName ? ' (made from the name)' : '';
      return `${code(refusal.alias)}${made} already names *${escapeMrkdwn(refusal.displayName)}* (${code(refusal.orgId)}), so nothing was created. Give the new customer another alias.`;
    }
    case 'no_such_link':
      return `There is no issued link ${code(refusal.linkId)}.`;
    case 'not_the_issuer':
      return `Only <@${refusal.issuerId}>, who issued ${code(refusal.linkId)}, or an admin can ${DO_IT[refusal.action]}.`;
    case 'direct_link':
      return `${code(refusal.linkId)} is a direct Scalekit link: it works once and expires by itself, so it cannot be ${DONE[refusal.action]}.`;
    case 'already_revoked':
      return `${code(refusal.linkId)} was already revoked.`;
    case 'link_state':
      return endedText(refusal.linkId, refusal.state, refusal.action, refusal.replacedBy);
    case 'already_lives_longer':
      return `${code(refusal.linkId)} already works until ${slackDate(refusal.expiresAt)}, longer than that; nothing changed.`;
    case 'extension_limit':
      return `${code(refusal.linkId)} already works as long as it may, until ${slackDate(refusal.limit)}. Replace it for a fresh link that lives longer.`;
    case 'changed_meanwhile':
      return `${code(refusal.linkId)} was changed by someone else just now, so it was not ${DONE[refusal.action]}. See \`/sso-portal links\` and try again.`;
    case 'empty_range':
      return `\`--since\` (${slackDate(refusal.since)}) must be before \`--until\` (${slackDate(refusal.until)}).`;
    case 'not_this_links_address':
      return `That button no longer matches ${code(refusal.linkId)}, so nothing was done. Use \`/sso-portal links\` or \`/sso-portal replace ${refusal.linkId}\`.`;
  }
}
