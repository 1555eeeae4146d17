import type { KnownBlock } from '@slack/web-api';

/** Slack's mrkdwn treats only &, < and > as control characters (api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text someone typed, shown as code: escaped, and with backticks swapped for a look-alike so
 * that nothing can close the span early and escape into markup.
 */
export function code(text: string): string {
  // An empty span would show its backticks: show empty quotes instead.
  if (!text) return '“”';
  return `\`${escapeMrkdwn(text).replace(/`/g, 'ˋ')}\``;
}

/** A date each reader sees in their own time zone, with a UTC fallback for old clients. */
export function slackDate(date: Date, format = '{date_short_pretty} at {time}'): string {
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^${format}|${date.toISOString().replace('T', ' ').slice(0, 16)} UTC>`;
}

export function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function context(...texts: string[]): KnownBlock {
  return { type: 'context', elements: texts.map((text) => ({ type: 'mrkdwn', text })) };
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** `1 view`, `2 views`. */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** A one-paragraph reply: an answer, a refusal or an error. */
export function notice(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}
