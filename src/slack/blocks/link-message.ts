import type { KnownBlock } from '@slack/web-api';
import { describeDuration } from '../../core/duration.js';
import type { IdpGuides } from '../../core/guides.js';
import { actionsFor } from '../../core/links/actions.js';
import type { NewLink } from '../../core/links/issue.js';
import type { LinkScope } from '../../core/links/scope.js';
import { guidesForLink } from './guides.js';
import { messageButtons } from './link-actions.js';
import { context, escapeMrkdwn, section, slackDate, type SlackMessage } from './mrkdwn.js';
import { SCOPE_WORDS } from './scope-words.js';

/** What the message shows of a link: one just issued, or one read back with the address its button carried. */
export type ShownLink = Pick<NewLink, 'linkId' | 'kind' | 'url' | 'createdAt' | 'expiresAt'> & { org: Pick<NewLink['org'], 'displayName'> };

export interface LinkMessageInput {
  link: ShownLink;
  issuerId: string;
  idp: IdpGuides | null;
  note: string | null;
  scope: LinkScope;
  now: Date;
}

/** The message that carries a setup link to the customer's IT admin (or to the CSM). */
export function linkMessage({ link, issuerId, idp, note, scope, now }: LinkMessageInput): SlackMessage {
  const org = escapeMrkdwn(link.org.displayName);
  const direct = link.kind === 'direct';
  const { heading, tag } = SCOPE_WORDS[scope];
  const intro = direct
    ? `*Single-use ${heading} link for ${org}*\n:stopwatch: Open it *within a minute*; it works *once*. Best for a live call.`
    : `*${heading} for ${org}*\nThis page walks your IT admin through connecting your identity provider.`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: intro },
      accessory: {
        type: 'button',
        action_id: 'open_setup_link',
        text: { type: 'plain_text', text: direct ? 'Open portal now' : 'Open setup page' },
        url: link.url,
        style: 'primary',
      },
    },
    section(`<${link.url}|${direct ? 'Single-use portal link' : 'Setup page'}>`),
    guidesForLink(idp, scope),
    context(
      `Expires ${slackDate(link.expiresAt)} (in ${describeDuration(Math.max(0, link.expiresAt.getTime() - now.getTime()))})`,
      `Link \`${link.linkId}\` · ${link.kind} · ${tag} · sent by <@${issuerId}>`,
    ),
  ];
  if (note) blocks.push(context(`:memo: ${escapeMrkdwn(note)}`));
  // The message shows a link that works: what its issuer or an admin may do to it now.
  const actions = actionsFor(link, 'live');
  if (actions.length) blocks.push(messageButtons({ id: link.linkId, orgName: link.org.displayName }, link.url, actions));
  return { text: `SSO setup link for ${org}: ${link.url}`, blocks };
}
