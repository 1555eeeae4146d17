// What the fuzz test looks for in everything the bot said: a live mention or broadcast that
// came from the input, and internal error text.
import { SENDERS } from './fuzz-cases.js';
import { INTERNAL_ERROR_TEXT, TYPED_USER_IDS } from './fuzz-inputs.js';

/** A problem found in one piece of text the bot sent. */
export interface Finding {
  /** Where the text was sent: `response`, `ack`, or the Web API method. */
  where: string;
  problem: string;
  text: string;
}

/** A text a person reads; `markup`: Slack reads its `<…>` as mentions and links (mrkdwn), unlike plain_text. */
export interface ShownText {
  text: string;
  markup: boolean;
}

/**
 * Every text a person reads in a message, form or Home view: the strings under `text` keys (a
 * message's own `text` and mrkdwn objects are markup; plain_text objects are not), and upload comments.
 */
export function shownTexts(node: unknown): ShownText[] {
  const texts: ShownText[] = [];
  const visit = (value: unknown, key?: string, parentType?: unknown): void => {
    if (typeof value === 'string') {
      if (key === 'text' || key === 'initial_comment') texts.push({ text: value, markup: parentType !== 'plain_text' });
    } else if (Array.isArray(value)) value.forEach((item) => visit(item));
    else if (value && typeof value === 'object') {
      const { type } = value as { type?: unknown };
      for (const [k, v] of Object.entries(value)) visit(v, k, type);
    }
  };
  visit(node);
  return texts;
}

/** The people the bot may mention on its own: whoever sent a request (a link's issuer, a person refused). */
const PEOPLE = new Set<string>(SENDERS);
const TYPED = new Set<string>(TYPED_USER_IDS);

/** Why a `<…>` span pings someone it should not, or undefined. */
function pingProblem(span: string): string | undefined {
  if (/^<!(channel|here|everyone)\b/.test(span)) return `a live broadcast ${span}`;
  if (span.startsWith('<!subteam^')) return `a live user-group mention ${span}`;
  // The bot links only to its own pages and the guides: these links came from the input.
  if (/^<(https?:\/\/evil\.example|mailto:)/.test(span)) return `a live link someone typed ${span}`;
  const person = /^<@([^|>]*)/.exec(span)?.[1];
  if (person !== undefined && (TYPED.has(person) || !PEOPLE.has(person))) return `a live mention of someone typed ${span}`;
  return undefined;
}

const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

/** The problems in `texts`, sent `where`. */
export function findProblems(where: string, texts: readonly ShownText[]): Finding[] {
  const findings: Finding[] = [];
  for (const { text, markup } of texts) {
    for (const span of markup ? (text.match(/<[^<>]*>/g) ?? []) : []) {
      const problem = pingProblem(span);
      if (problem) findings.push({ where, problem, text: clip(text) });
    }
    // Addresses carry random tokens, in which anything may be spelled.
    const words = text.replace(/https?:\/\/[^\s|>]+/g, '');
    for (const { name, pattern } of INTERNAL_ERROR_TEXT) {
      if (pattern.test(words)) findings.push({ where, problem: `internal error text (${name})`, text: clip(text) });
    }
  }
  return findings;
}
