import type { KnownBlock } from '@slack/web-api';
import { actionsFor } from '../../core/links/actions.js';
import type { LinkOverview, LinkState } from '../../core/links/link.js';
import { listButtons } from './link-actions.js';
import { code, context, count, escapeMrkdwn, section, slackDate, type SlackMessage } from './mrkdwn.js';
import { SCOPE_WORDS } from './scope-words.js';
import { setupEventText } from './setup-events.js';

const STATUS_ICON: Record<LinkState, string> = {
  live: ':large_green_circle: active',
  exhausted: ':no_entry_sign: used up',
  expired: ':white_circle: expired',
  revoked: ':red_circle: revoked',
  replaced: ':recycle: replaced',
  failed: ':warning: failed',
};

/** Until when a link works, or since when it no longer does; what replaced it. */
function fate(link: LinkOverview): string {
  if (link.outcome !== 'issued') return '';
  if (link.replacedBy) return ` by ${code(link.replacedBy)}`;
  if (link.state === 'revoked') return '';
  return ` · ${link.state === 'expired' ? 'since' : 'until'} ${slackDate(link.expiresAt, '{date_short} {time}')}`;
}

/** One link: id, customer, kind, what it sets up, status and expiry, usage, what the page reported, who sent it when. */
export function linkLine(link: LinkOverview): string {
  const status = link.state;
  const who = `<@${link.issuerId}> ${slackDate(link.createdAt, '{date_short} {time}')}`;
  const org = escapeMrkdwn(link.orgName ?? link.orgQuery);
  const usage = link.kind === 'hosted' && link.outcome === 'issued' ? ` · ${count(link.views, 'view')} · ${count(link.sessions, 'portal session')}` : '';
  const setup = link.reportedEvents.length ? `\n${link.reportedEvents.map((event) => setupEventText('page', event)).join(' · ')} (reported by the page)` : '';
  const reason = link.outcome === 'failed' ? ` · ${escapeMrkdwn(link.failureReason || 'unknown reason')}` : '';
  const note = link.note ? `\n${link.note.split(/\r?\n/).map((line) => `> ${escapeMrkdwn(line)}`).join('\n')}` : '';
  return `${code(link.id)} *${org}* · ${link.kind} · ${SCOPE_WORDS[link.scope].tag} · ${STATUS_ICON[status]}${fate(link)}${usage}${reason}${setup}\n${who}${note}`;
}

/** `links [customer]`: the newest links, each with what happened to it. */
export function linksList(title: string, links: LinkOverview[]): SlackMessage {
  if (!links.length) return { text: `${escapeMrkdwn(title)}: none yet`, blocks: [section(`*${escapeMrkdwn(title)}*: no links yet.`)] };
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(title)}*`)];
  for (const link of links) {
    blocks.push(section(linkLine(link)));
    const buttons = link.outcome === 'issued' ? listButtons(link, actionsFor(link, link.state)) : undefined;
    if (buttons) blocks.push(buttons);
  }
  blocks.push(context(`Extend, replace or revoke a hosted link with its buttons, or ${code('/sso-portal extend|replace|revoke <link-id>')}.`));
  return { text: escapeMrkdwn(title), blocks };
}
