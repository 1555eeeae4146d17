import type { Button, KnownBlock } from '@slack/web-api';
import { actionsFor } from '../../core/links/actions.js';
import type { Reminder, ReminderReason } from '../../core/outbox/message.js';
import { listButtons } from './link-actions.js';
import { code, context, count, escapeMrkdwn, section, slackDate, type SlackMessage } from './mrkdwn.js';
import { PART } from './setup-completed.js';

export const STOP_REMINDERS_ACTION = 'stop_link_reminders';

function headline(reminder: Reminder): string {
  const org = `*${escapeMrkdwn(reminder.orgName)}*`;
  const link = code(reminder.linkId);
  const why: Record<ReminderReason, string> = {
    unopened: `nobody at ${org} has opened the setup link ${link} you sent ${slackDate(new Date(reminder.issuedAt), '{date_short_pretty}')}`,
    expiring: `the setup link ${link} for ${org} expires ${slackDate(new Date(reminder.expiresAt))} and the setup is not finished`,
    stalled: `${org} opened the portal through ${link} but has not finished the setup`,
  };
  return `:alarm_clock: Reminder: ${why[reminder.reason]}.`;
}

/** What happened so far: views, portal sessions, and what the bot knows is set up. */
function soFar(reminder: Reminder): string {
  const last = reminder.lastSessionAt ? ` (last ${slackDate(new Date(reminder.lastSessionAt))})` : '';
  const done = reminder.partsDone.length ? `${reminder.partsDone.map((part) => PART[part]).join(' and ')} set up` : 'nothing set up yet';
  return `So far: ${count(reminder.views, 'view')} · ${count(reminder.sessions, 'portal session')}${last} · ${done}`;
}

/**
 * A reminder to the CSM who sent a link, with what they can do about it: the link's own buttons
 * (a reminder is about a live hosted link) and one to turn off further reminders for it.
 */
export function reminderMessage(reminder: Reminder): SlackMessage {
  const link = { kind: 'hosted' as const, createdAt: new Date(reminder.issuedAt), expiresAt: new Date(reminder.expiresAt) };
  const linkButtons = listButtons({ id: reminder.linkId, orgName: reminder.orgName }, actionsFor(link, 'live'))?.elements ?? [];
  const stop: Button = { type: 'button', action_id: STOP_REMINDERS_ACTION, text: { type: 'plain_text', text: 'Stop reminders for this link' }, value: reminder.linkId };
  const blocks: KnownBlock[] = [
    section(headline(reminder)),
    context(soFar(reminder), ...(reminder.reason === 'expiring' ? [] : [`The link expires ${slackDate(new Date(reminder.expiresAt))}.`])),
    { type: 'actions', elements: [...linkButtons, stop] },
  ];
  return { text: `Reminder about ${reminder.linkId} for ${escapeMrkdwn(reminder.orgName)}`, blocks };
}

/** Whether `blocks` (a message a button sat on) are a reminder's. */
export function isReminder(blocks: readonly KnownBlock[]): boolean {
  return blocks.some((block) => block.type === 'actions' && block.elements.some((element) => 'action_id' in element && element.action_id === STOP_REMINDERS_ACTION));
}

/**
 * A reminder once someone acted on it: what it said (`shown`, the blocks Slack sent with the
 * click), its buttons replaced by what became of the link.
 */
export function reminderAnswered(shown: readonly KnownBlock[], outcome: SlackMessage): SlackMessage {
  return { text: outcome.text, blocks: [...shown.filter((block) => block.type !== 'actions'), ...outcome.blocks] };
}

/** What a reminder says in place of its buttons once reminders for its link are off: who turned them off. */
export function remindersOffMessage(linkId: string, orgName: string, by: string): SlackMessage {
  const off = `:no_bell: No more reminders for ${code(linkId)} (*${escapeMrkdwn(orgName)}*): turned off by <@${by}>.`;
  return { text: off, blocks: [context(off)] };
}
