import type { Button, KnownBlock } from '@slack/web-api';
import { actionsFor } from '../../core/links/actions.js';
import type { IssuedLink, LinkOverview, LinkState } from '../../core/links/link.js';
import { code, context, escapeMrkdwn, section, slackDate, type SlackMessage } from './mrkdwn.js';
import { setupEventText } from './setup-events.js';

const STATUS_ICON: Record<LinkState, string> = {
  live: ':large_green_circle: active',
  exhausted: ':no_entry_sign: used up',
  expired: ':white_circle: expired',
  revoked: ':red_circle: revoked',
  replaced: ':recycle: replaced',
  failed: ':warning: failed',
};

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Until when a link works, or since when it no longer does; what replaced it. */
function fate(link: LinkOverview): string {
  if (link.outcome !== 'issued') return '';
  if (link.replacedBy) return ` by ${code(link.replacedBy)}`;
  if (link.state === 'revoked') return '';
  return ` · ${link.state === 'expired' ? 'since' : 'until'} ${slackDate(link.expiresAt, '{date_short} {time}')}`;
}

/** One link: id, customer, kind, status and expiry, usage, what the page reported, who sent it when. */
export function linkLine(link: LinkOverview): string {
  const status = link.state;
  const who = `<@${link.issuerId}> ${slackDate(link.createdAt, '{date_short} {time}')}`;
  const org = escapeMrkdwn(link.orgName ?? link.orgQuery);
  const usage = link.kind === 'hosted' && link.outcome === 'issued' ? ` · ${count(link.views, 'view')} · ${count(link.sessions, 'portal session')}` : '';
  const setup = link.reportedEvents.length ? `\n${link.reportedEvents.map((event) => setupEventText('page', event)).join(' · ')} (reported by the page)` : '';
  const reason = link.outcome === 'failed' ? ` · ${escapeMrkdwn(link.failureReason || 'unknown reason')}` : '';
  const note = link.note ? `\n${link.note.split(/\r?\n/).map((line) => `> ${escapeMrkdwn(line)}`).join('\n')}` : '';
  return `${code(link.id)} *${org}* · ${link.kind} · ${STATUS_ICON[status]}${fate(link)}${usage}${reason}${setup}\n${who}${note}`;
}

/** `links [customer]`: the newest links, each with what happened to it. */
export function linksList(title: string, links: LinkOverview[]): SlackMessage {
  if (!links.length) return { text: `${escapeMrkdwn(title)}: none yet`, blocks: [section(`*${escapeMrkdwn(title)}*: no links yet.`)] };
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(title)}*`)];
  for (const link of links) {
    const revocable = link.outcome === 'issued' && actionsFor(link, link.state).includes('revoke');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: linkLine(link) }, ...(revocable ? { accessory: revokeButton(link) } : {}) });
  }
  blocks.push(context(`Revoke a hosted link with its button or ${code('/sso-portal revoke <link-id>')}.`));
  return { text: escapeMrkdwn(title), blocks };
}

export const REVOKE_ACTION = 'revoke_link';

/** Asks before revoking: the customer's page stops working at once. */
function revokeButton(link: IssuedLink): Button {
  return {
    type: 'button',
    action_id: REVOKE_ACTION,
    text: { type: 'plain_text', text: 'Revoke' },
    value: link.id,
    style: 'danger',
    confirm: {
      title: { type: 'plain_text', text: `Revoke ${link.id}?` },
      text: { type: 'mrkdwn', text: `The setup page for *${escapeMrkdwn(link.orgName)}* stops working at once.` },
      confirm: { type: 'plain_text', text: 'Revoke' },
      deny: { type: 'plain_text', text: 'Keep it' },
      style: 'danger',
    },
  };
}
