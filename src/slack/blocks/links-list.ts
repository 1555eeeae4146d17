import type { Button, KnownBlock } from '@slack/web-api';
import type { LinkOverview, LinkRecord, LinkState } from '../../core/ports.js';
import { context, escapeMrkdwn, notice, section, slackDate, type SlackMessage } from './mrkdwn.js';

const STATUS_ICON: Record<LinkState, string> = {
  live: ':large_green_circle: active',
  exhausted: ':no_entry_sign: used up',
  expired: ':white_circle: expired',
  revoked: ':red_circle: revoked',
  failed: ':warning: failed',
};

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const REPORTED_EVENT_TEXT: Record<string, string> = {
  ORGANIZATION_SSO_ENABLED: ':white_check_mark: SSO enabled',
  SSO_CONFIGURED: ':white_check_mark: SSO enabled',
  ORGANIZATION_DIRECTORY_ENABLED: ':white_check_mark: directory sync enabled',
  ORGANIZATION_SSO_DISABLED: ':heavy_minus_sign: SSO disabled',
  ORGANIZATION_DIRECTORY_DISABLED: ':heavy_minus_sign: directory sync disabled',
};

function describeReportedEvent(event: string): string {
  return REPORTED_EVENT_TEXT[event] ?? escapeMrkdwn(event);
}

/** One link: id, customer, kind, status, usage, what the page reported, who sent it when. */
export function linkLine(link: LinkOverview): string {
  const status = link.state;
  const who = `<@${link.issuerId}> ${slackDate(link.createdAt, '{date_short} {time}')}`;
  const org = escapeMrkdwn(link.orgName ?? link.orgQuery);
  const usage = link.kind === 'hosted' && link.outcome === 'issued' ? ` · ${count(link.views, 'view')} · ${count(link.sessions, 'portal session')}` : '';
  const setup = link.reportedEvents.length ? `\n${link.reportedEvents.map(describeReportedEvent).join(' · ')} (reported by the page)` : '';
  const reason = status === 'failed' ? ` · ${escapeMrkdwn(link.failureReason ?? 'unknown reason')}` : '';
  const note = link.note ? `\n> ${escapeMrkdwn(link.note)}` : '';
  return `\`${link.id}\` *${org}* · ${link.kind} · ${STATUS_ICON[status]}${usage}${reason}${setup}\n${who}${note}`;
}

/** `links [customer]`: the newest links, each with what happened to it. */
export function linksList(title: string, links: LinkOverview[]): SlackMessage {
  if (!links.length) return { text: `${escapeMrkdwn(title)}: none yet`, blocks: [section(`*${escapeMrkdwn(title)}*: no links yet.`)] };
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(title)}*`)];
  for (const link of links) {
    const revocable = link.kind === 'hosted' && link.state !== 'revoked' && link.state !== 'expired';
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: linkLine(link) }, ...(revocable ? { accessory: revokeButton(link) } : {}) });
  }
  blocks.push(context('Revoke a hosted link with its button or `/sso-portal revoke <link-id>`.'));
  return { text: escapeMrkdwn(title), blocks };
}

export const REVOKE_ACTION = 'revoke_link';

export function revokedMessage(link: LinkRecord): SlackMessage {
  return notice(`:no_entry: \`${link.id}\` for *${escapeMrkdwn(link.orgName ?? link.orgQuery)}* is revoked: the page stops working on its next request.`);
}

/** Asks before revoking: the customer's page stops working at once. */
function revokeButton(link: LinkRecord): Button {
  return {
    type: 'button',
    action_id: REVOKE_ACTION,
    text: { type: 'plain_text', text: 'Revoke' },
    value: link.id,
    style: 'danger',
    confirm: {
      title: { type: 'plain_text', text: `Revoke ${link.id}?` },
      text: { type: 'mrkdwn', text: `The setup page for *${escapeMrkdwn(link.orgName ?? link.orgQuery)}* stops working at once.` },
      confirm: { type: 'plain_text', text: 'Revoke' },
      deny: { type: 'plain_text', text: 'Keep it' },
      style: 'danger',
    },
  };
}
