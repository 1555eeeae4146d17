// The words and options of a slash command, before they mean anything: split as a shell would,
// and refused whole when they cannot be read for certain.
import { parseArgs } from 'node:util';
import { tokenizeArgs } from 'args-tokenizer';
import { controlCharacterIn } from '../core/links/options.js';
import { code } from './blocks/mrkdwn.js';
import { mentionedUserId, readableText } from './escaped-text.js';
import { controlCharacterText } from './link-request-problems.js';

/** Input that is not a valid command; the message (mrkdwn, user text escaped) says what is wrong. */
export class CommandSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandSyntaxError';
  }
}

/**
 * Splits the text after `/sso-portal` into words: quotes group, a backslash keeps the next
 * character as it is. Control characters are refused here, before any word reaches the database
 * (PostgreSQL refuses U+0000 outright); tabs and line breaks are only spaces.
 */
export function commandWords(text: string): string[] {
  // Slack clients may turn straight quotes into curly ones.
  const plain = text.replace(/[\t\r\n]/g, ' ').replace(/[“”]/g, '"').replace(/[‘’]/g, "'");
  const control = controlCharacterIn(plain);
  if (control !== undefined) throw new CommandSyntaxError(controlCharacterText('The command', control));
  try {
    return tokenizeArgs(plain);
  } catch {
    // The tokenizer's one complaint: a quote opened and never closed.
    throw new CommandSyntaxError('A quote is not closed. Put a value with spaces or an apostrophe in double quotes: `--note "Dana\'s call"`.');
  }
}

/**
 * Options by name: a flag (`--post`), one that takes a value (`--ttl 3d`, `--ttl=3d`), one that
 * may be given again for each of its values (`--domain a.com --domain b.com`), or one that names
 * a person (`--issuer @dana`, which Slack sends as `<@U123|dana>`) and gives their id.
 */
type OptionSpec = Record<string, 'flag' | 'value' | 'values' | 'user'>;

export interface ReadOptions<T extends OptionSpec> {
  positionals: string[];
  options: { [K in keyof T]?: T[K] extends 'flag' ? true : T[K] extends 'values' ? string[] : string };
}

/**
 * Separates options from the other words, read back as typed (escaped-text.ts). Each option but
 * a `values` one may be given once: a repeat is refused rather than letting the last one silently win.
 */
export function readOptions<T extends OptionSpec>(subcommand: string, words: string[], spec: T): ReadOptions<T> {
  const parseOptions = Object.fromEntries(Object.entries(spec).map(([name, kind]) => [name, { type: kind === 'flag' ? 'boolean' : 'string' }] as const));
  const { tokens, positionals } = parseArgs({ args: words, options: parseOptions, strict: false, allowPositionals: true, tokens: true });
  const options: Record<string, string | string[] | true> = {};
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const kind = Object.hasOwn(spec, token.name) ? spec[token.name] : undefined;
    const option = code(token.rawName);
    if (kind === undefined) {
      const known = Object.keys(spec).map((name) => code(`--${name}`));
      throw new CommandSyntaxError(
        known.length ? `\`${subcommand}\` has no option ${option}; it takes ${known.join(', ')}.` : `\`${subcommand}\` takes no option ${option}.`,
      );
    }
    if (kind !== 'values' && Object.hasOwn(options, token.name)) throw new CommandSyntaxError(`${option} is given more than once; give it once.`);
    if (kind === 'flag') {
      if (token.inlineValue) throw new CommandSyntaxError(`${option} takes no value.`);
      options[token.name] = true;
    } else {
      // As parseArgs' strict mode: `--note --post` is a forgotten value, not a note; `--note=-x` is one.
      const value = token.value;
      if (value === undefined || (!token.inlineValue && value.length > 1 && value.startsWith('-'))) {
        throw new CommandSyntaxError(`${option} needs a value.`);
      }
      if (kind === 'values') options[token.name] = [...((options[token.name] as string[] | undefined) ?? []), readableText(value)];
      else options[token.name] = kind === 'user' ? userId(option, value) : readableText(value);
    }
  }
  return { positionals: positionals.map(readableText), options: options as ReadOptions<T>['options'] };
}

function userId(option: string, value: string): string {
  const id = mentionedUserId(value);
  if (id === undefined) throw new CommandSyntaxError(`${option} takes a person: mention them (${code('@name')}) or give their user id (${code('U…')}), not ${code(readableText(value))}.`);
  return id;
}
