import type { Refusal } from '../core/errors.js';
import { code } from './blocks/mrkdwn.js';

const NOT_ALLOWED: Record<Extract<Refusal, { reason: 'not_allowed' }>['to'], string> = {
  issue: "You aren't allowed to issue SSO setup links. Ask an admin to add you (or a user group you're in) to `SSO_PORTAL_ISSUERS`.",
  see_links: "You aren't allowed to see issued links: only issuers and admins are.",
  see_status: "You aren't allowed to see setup status: only issuers and admins are.",
  manage_mappings: 'Only admins (`SSO_PORTAL_ADMINS`) can manage customer mappings.',
};

const EXTERNAL_ID = code('ext:<external id>');

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
    case 'no_such_link':
      return `There is no issued link ${code(refusal.linkId)}.`;
    case 'not_the_issuer':
      return `Only <@${refusal.issuerId}>, who issued ${code(refusal.linkId)}, or an admin can revoke it.`;
    case 'not_the_issuer_to_stop_reminders':
      return `Only <@${refusal.issuerId}>, who issued ${code(refusal.linkId)}, or an admin can turn off its reminders.`;
    case 'direct_link_not_revocable':
      return `${code(refusal.linkId)} is a direct Scalekit link: it works once and expires by itself, so there is nothing to revoke.`;
    case 'already_revoked':
      return `${code(refusal.linkId)} was already revoked.`;
  }
}
