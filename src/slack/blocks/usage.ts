import { idpKeys } from '../../core/guides.js';
import { shortDuration } from '../../core/duration.js';
import { LINK_TTL_BOUNDS, LINK_TTL_RANGE } from '../../core/links/options.js';
import { context, escapeMrkdwn, section, type SlackMessage } from './mrkdwn.js';

const USAGE = [
  '*Send a customer their SSO/SCIM setup link*',
  '`/sso-portal <customer>` a hosted setup page (valid for days, can be revoked)',
  '    `--direct` the raw single-use Scalekit link instead (open within a minute, works once)',
  '    `--sso` single sign-on only · `--scim` directory sync only (neither, or both: the whole portal)',
  `    \`--post\` post it in this channel for everyone · \`--ttl 3d\` lifetime (${LINK_TTL_RANGE})`,
  '    `--idp okta` the guides for that provider · `--note "..."` kept in the audit trail',
  '`<customer>` is an alias, an org id `org_...`, `ext:<external id>`, or nothing in a mapped channel.',
  '',
  '`/sso-portal links [customer]` recent links and their status, each with buttons to extend, replace or revoke it',
  `\`/sso-portal extend <link-id> [--ttl 7d]\` a hosted link lives longer from now (at most ${shortDuration(LINK_TTL_BOUNDS.maxMs)} after issue)`,
  '`/sso-portal replace <link-id>` a fresh link with the same settings; the old one stops working · `revoke <link-id>`',
  '`/sso-portal status [customer]` has the customer finished setup: SSO connections, directories, events, last link; its domains and their verification',
  '`/sso-portal guides [idp]` setup guides',
  'My *Home* tab: every customer you sent a link to, by how far their setup has come, what needs attention first (admins: the whole team)',
  '*Admins:* `/sso-portal new "<name>" [--alias acme] [--external-id ID] [--domain acme.com ...] [--channel]` adds the customer in Scalekit with its domains and maps it (an organization with that external id is mapped, not made again)',
  '    `/sso-portal map <alias> <org_id|ext:ID> [--channel]` · `unmap <alias>` · `orgs`',
  '    `/sso-portal audit [customer] [--since 30d] [--until 2026-03-01] [--issuer @person]` counts of links sent, failed, revoked and finished, and every matching link as a CSV file in your DM with me',
].join('\n');

export function usage(problem?: string): SlackMessage {
  // The placeholders (`<customer>`) would be read as Slack markup unescaped.
  const blocks = [section(escapeMrkdwn(USAGE)), context(`Identity providers: ${idpKeys().join(', ')}`)];
  if (problem) blocks.unshift(section(`:warning: ${problem}`));
  return { text: problem ?? 'How to use /sso-portal', blocks };
}
