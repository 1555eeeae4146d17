// The Home tab: the onboarding board as a Slack view, within Slack's 100 blocks.
import { createHash } from 'node:crypto';
import type { KnownBlock, Overflow, PlainTextOption, View } from '@slack/web-api';
import type { Attention, BoardRow, Stage } from '../../core/board/board.js';
import { fit, type Board, type HomeBoards, type StageFilter, type TeamFilter } from '../../core/board/service.js';
import { actionsFor } from '../../core/links/actions.js';
import { code, context, count, escapeMrkdwn, section, slackDate } from './mrkdwn.js';
import { SCOPE_WORDS } from './scope-words.js';

/** Slack's limit for a Home view. */
export const HOME_BLOCK_LIMIT = 100;

export const HOME_ACTIONS = {
  row: 'home_row',
  csm: 'home_filter_csm',
  stage: 'home_filter_stage',
  everyone: 'home_filter_everyone',
} as const;

/** What a row's menu offers: every choice carries the link or the customer it acts on. */
const ROW_CHOICES = ['send', 'extend', 'replace', 'revoke', 'status'] as const;
export type RowChoice = (typeof ROW_CHOICES)[number];

/** A menu choice's value (`<choice> <subject>`, as rowMenu makes it) read back without trusting it; undefined when it is none of those. */
export function readRowChoice(value: string): { choice: RowChoice; subject: string } | undefined {
  const space = value.indexOf(' ');
  const choice = ROW_CHOICES.find((known) => known === value.slice(0, space));
  const subject = value.slice(space + 1);
  return space > 0 && choice && subject ? { choice, subject } : undefined;
}

export const STAGE_WORDS: Record<Stage, string> = { sent: 'Sent', opened: 'Opened', portal: 'Portal in use', sso: 'SSO on', directory: 'Directory on' };
const STAGE_ICON: Record<Stage, string> = { sent: ':envelope:', opened: ':eyes:', portal: ':hammer_and_wrench:', sso: ':key:', directory: ':busts_in_silhouette:' };
const ATTENTION_WORDS: Record<Attention, string> = {
  failed: 'the last link failed to issue',
  expired: 'the link ran out before the setup was finished',
  expiring: 'the link expires soon',
  stalled: 'stalled in the portal',
  unopened: 'not opened yet',
};
const FILTER_WORDS: Record<StageFilter, string> = { attention: 'Needs attention', ...STAGE_WORDS, finished: 'Finished' };

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const day = (date: Date) => slackDate(date, '{date_short}');
// Slack caps an option's value at 150 characters.
const OPTION_VALUE_MAX = 150;

function rowMenu(row: BoardRow): Overflow | undefined {
  const choice = (label: string, action: RowChoice, subject: string): PlainTextOption[] => {
    const value = `${action} ${subject}`;
    return subject && value.length <= OPTION_VALUE_MAX ? [{ text: plain(label), value }] : [];
  };
  const linkActions = row.link && row.link.kind === 'hosted' ? actionsFor(row.link, row.link.state) : [];
  const customer = row.orgQuery.length + 7 <= OPTION_VALUE_MAX ? row.orgQuery : (row.orgId ?? '');
  const options = [
    ...choice('Send a new link', 'send', customer),
    ...(linkActions.includes('extend') ? choice('Extend the link', 'extend', row.link!.id) : []),
    ...(linkActions.includes('replace') ? choice('Replace the link…', 'replace', row.link!.id) : []),
    ...(linkActions.includes('revoke') ? choice('Revoke the link…', 'revoke', row.link!.id) : []),
    // By the words the sender used (an alias answers from the bot's records when Scalekit cannot).
    ...(row.orgId ? choice('Status', 'status', customer) : []),
  ];
  return options.length ? { type: 'overflow', action_id: HOME_ACTIONS.row, options } : undefined;
}

function linkLine(row: BoardRow): string {
  const { link } = row;
  if (!link) return 'No link out';
  const fate = link.state === 'live' ? `expires ${day(link.expiresAt)}` : link.state === 'expired' ? `expired ${day(link.expiresAt)}` : link.state;
  return `${code(link.id)} ${link.kind === 'direct' ? 'direct link, ' : ''}${fate}`;
}

function rowText(row: BoardRow, showIssuer: boolean): string {
  const stage = `${row.finished ? ':white_check_mark:' : STAGE_ICON[row.stage]} ${STAGE_WORDS[row.stage]}${row.finished ? ', finished' : ''} since ${day(row.since)}`;
  const attention = row.attention.length ? `\n:warning: ${row.attention.map((reason) => ATTENTION_WORDS[reason]).join('; ')}` : '';
  const reminded = row.lastReminder ? ` · reminded (${row.lastReminder.reason}) ${day(row.lastReminder.at)}` : '';
  const issuer = showIssuer ? ` · sent by <@${row.issuerId}>` : '';
  // An attempt in a channel mapped to no customer names none.
  const customer = row.customer ? `*${escapeMrkdwn(shortened(row.customer))}*` : '_No customer named_';
  return `${customer} · ${SCOPE_WORDS[row.scope].tag}\n${stage}${attention}\n${linkLine(row)}${reminded}${issuer}`;
}

/** A name as typed can run to thousands of characters: a section takes at most 3,000. */
const NAME_MAX = 200;
const shortened = (name: string) => (name.length > NAME_MAX ? `${name.slice(0, NAME_MAX - 1)}…` : name);

/** Which board a row is on: a customer may be on both, and block ids must differ. */
type BoardName = 'mine' | 'team';

/** A row's block id: its customer's key, or a digest of a long one (ids are at most 255 characters, and must differ). */
const blockId = (board: BoardName, key: string) => `${board}:${key.length <= 100 ? key : createHash('sha256').update(key).digest('base64url')}`;

function rowBlock(row: BoardRow, board: BoardName): KnownBlock {
  const menu = rowMenu(row);
  const showIssuer = board === 'team';
  return { type: 'section', block_id: blockId(board, row.key), text: { type: 'mrkdwn', text: rowText(row, showIssuer) }, ...(menu ? { accessory: menu } : {}) };
}

/** The rows that fit in `room` blocks, with a line for those that did not. */
function rowBlocks(board: Board, room: number, name: BoardName): KnownBlock[] {
  const { shown, hiddenFinished, hiddenOthers } = fit(board.rows, board.rows.length > room ? room - 1 : room);
  const blocks = shown.map((row) => rowBlock(row, name));
  const hidden = [hiddenOthers ? count(hiddenOthers, 'customer in progress') : '', hiddenFinished ? count(hiddenFinished, 'finished customer') : ''].filter(Boolean);
  if (hidden.length) blocks.push(context(`…and ${hidden.join(' and ')} not shown here: see ${code('/sso-portal links <customer>')}.`));
  return blocks;
}

function counts(board: Board): string {
  const { customers, stages, attention, finished } = board.counts;
  const byStage = (Object.keys(STAGE_WORDS) as Stage[]).map((stage) => `${STAGE_WORDS[stage]} ${stages[stage]}`).join(' · ');
  return `${count(customers, 'customer')} · :warning: ${attention} need attention · ${byStage} · :white_check_mark: ${finished} finished`;
}

function filterBlock(filter: TeamFilter): KnownBlock {
  const option = (value: StageFilter | 'all', label: string): PlainTextOption => ({ text: plain(label), value });
  const options = [option('all', 'Every stage'), ...(Object.keys(FILTER_WORDS) as StageFilter[]).map((stage) => option(stage, FILTER_WORDS[stage]))];
  const chosen = options.find((item) => item.value === (filter.stage ?? 'all'));
  return {
    type: 'actions',
    block_id: 'team_filters',
    elements: [
      { type: 'users_select', action_id: HOME_ACTIONS.csm, placeholder: plain('Every CSM'), ...(filter.issuerId ? { initial_user: filter.issuerId } : {}) },
      { type: 'static_select', action_id: HOME_ACTIONS.stage, options, ...(chosen ? { initial_option: chosen } : {}) },
      ...(filter.issuerId ? [{ type: 'button' as const, action_id: HOME_ACTIONS.everyone, text: plain('Every CSM') }] : []),
    ],
  };
}

/** In place of the board when it could not be read (the database did not answer). */
export function homeUnavailableView(): View {
  return { type: 'home', blocks: [{ type: 'header', text: plain('Your customers') }, section(':warning: Your board could not be read just now; nothing was changed. Open this tab again in a minute.')] };
}

/** The view for the person looking: their customers, and for admins the team's, with `actions` (e.g. New customer) on top. */
export function homeView(boards: HomeBoards, topActions: KnownBlock | null): View {
  const since = `Customers sent a link since ${day(boards.since)}; what needs attention first.`;
  const blocks: KnownBlock[] = [{ type: 'header', text: plain('Your customers') }];
  if (topActions) blocks.push(topActions);
  if (!boards.mine) {
    blocks.push(section('You are not on the list of people who send setup links. An admin can add you (`SSO_PORTAL_ISSUERS`).'));
    return { type: 'home', blocks };
  }
  blocks.push(context(since));
  // The team board's divider, header, filters and counts.
  const teamFixed = 4;
  const available = HOME_BLOCK_LIMIT - blocks.length - 1;
  // Admins: their own customers take at most half of the room, the team's the rest.
  const mineRoom = boards.team ? Math.min(boards.mine.rows.length, Math.floor((available - teamFixed) / 2)) : available;
  if (boards.mine.rows.length) blocks.push(context(counts(boards.mine)), ...rowBlocks(boards.mine, mineRoom, 'mine'));
  else blocks.push(section(`No customers yet. Send a link with ${code('/sso-portal <customer>')}.`));
  if (boards.team) {
    const { team } = boards;
    blocks.push({ type: 'divider' }, { type: 'header', text: plain('The team') }, filterBlock(team.filter), context(counts(team)));
    if (team.rows.length) blocks.push(...rowBlocks(team, HOME_BLOCK_LIMIT - blocks.length, 'team'));
    else blocks.push(section('No customers match.'));
  }
  return { type: 'home', blocks, private_metadata: JSON.stringify(boards.team?.filter ?? {}) };
}
