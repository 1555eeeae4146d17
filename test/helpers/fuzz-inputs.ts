// Hostile input for the fuzz test: command texts and form values built from the pieces that
// trip parsers and formatters (quotes, flags, Slack markup and its escapes, odd unicode,
// control characters), as fast-check arbitraries so that one seed always gives the same run.
import fc from 'fast-check';
import { IDP_GUIDES } from '../../src/core/guides.js';
import { LINK_SCOPES } from '../../src/core/links/scope.js';
import { SUBCOMMANDS } from '../../src/slack/command-parser.js';

/**
 * People a fuzzed text names: none of them is someone the bot itself ever mentions, so any of
 * these ids live in a reply can only have come from what was typed.
 */
export const TYPED_USER_IDS = ['U123', 'U0FUZZ', 'W0FUZZ'] as const;

/** Slack markup as Slack sends it: mentions, broadcasts, channels, user groups, links. */
const MARKUP = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!here|here>',
  '<!channel|@channel>',
  '<!everyone|@everyone>',
  '<!subteam^S123>',
  '<!subteam^S123|@team>',
  ...TYPED_USER_IDS.map((id) => `<@${id}>`),
  ...TYPED_USER_IDS.map((id) => `<@${id}|bob>`),
  '<#C123|x>',
  '<#C123>',
  '<https://evil.example/x|click here>',
  '<mailto:a@b.co|a@b.co>',
  '<!date^1700000000^{date}|then>',
];

/** The same as typed text arrives with `should_escape` on, and loose entities. */
const ESCAPED = [...MARKUP.map((m) => m.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')), '&amp;', '&lt;', '&gt;', '&', '&lt;!channel', '&#60;', '&amp;lt;'];

/** What people type that Slack turns into markup (escapeCommandText does it for the fuzz). */
const TYPED_MENTIONS = ['@channel', '@here', '@everyone', '@ada', '@carl', '#general', '#customer-acme', 'acme.com', 'a@acme.com', 'https://acme.com/x'];

const UNICODE = ['😀', '👩🏽‍💻', '🇫🇷', '\u202e', '\u200f', '\u200e', 'שלום', 'مرحبا', 'e\u0301', '\u0336\u0336', 'Z̷̢̛a̴l̸g̵o̶', '\ud800', '\udfff', '\udfff\ud800', '\ufeff', '\u2028', '\u2029', '\u00a0', '\u200b', 'ß', 'İ', 'ﬁ', '𝔞𝔠𝔪𝔢', 'ａｃｍｅ', 'ˋ', '｀'];

const CONTROL = ['\0', '\x01', '\x07', '\b', '\t', '\n', '\r', '\x0b', '\x1b', '\x7f', '\u0085', '\u009b'];

const BROKEN = ['"', "'", '“', '”', '‘', '’', '"unclosed', 'a"b', "Dana's", '\\', '\\"', '`', '```', '*', '_', '~', '>', '> quote', '-', '--', '---', '=', '--=', '—ttl', '–post', '-t'];

const FLAGS = ['ttl', 'note', 'post', 'direct', 'sso', 'scim', 'idp', 'channel', 'alias', 'external-id', 'domain', 'since', 'until', 'issuer', 'TTL', 'bogus', '', '-', 'constructor', '__proto__'];

const VALUES = ['3d', '0d', '-1d', '1h', '59m', '30d', '31d', '999999999999d', '1e400d', 'P1D', 'Infinity', 'okta', 'entra', 'OKTA', 'google', 'nope', 'all', 'sso', 'directory', '2026-01-01', '2026-13-45', 'yesterday', '0', '-0', '1e9'];

const WORDS = [...SUBCOMMANDS, 'acme', 'ACME', 'globex', 'initech', 'org_acme1', 'org_', 'org_nope', 'ext:CUST-42', 'ext:', 'ext:nope', 'L-', 'L-zzzzzz', 'toString', 'hasOwnProperty'];

/**
 * What a fuzzed input must never hold: the internal error text the checks look for in replies
 * (so that finding it there means the bot wrote it), and the bot's own words for an unexpected failure.
 */
export const INTERNAL_ERROR_TEXT: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'a stack frame', pattern: /\bat [^\n]*:\d+:\d+/ },
  { name: 'Error:', pattern: /Error:/ },
  { name: 'TypeError', pattern: /TypeError/ },
  { name: 'prisma', pattern: /\bprisma/i },
  { name: 'undefined', pattern: /\bundefined\b/ },
  { name: 'null', pattern: /\bnull\b/ },
  { name: '[object Object]', pattern: /\[object Object\]/ },
  { name: 'NaN', pattern: /\bNaN\b/ },
  { name: 'Invalid Date', pattern: /Invalid Date/ },
  { name: 'an unexpected failure', pattern: /Something went wrong on our side/ },
];

const clean = (text: string) => !INTERNAL_ERROR_TEXT.some(({ pattern }) => pattern.test(text));

const randomChars = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
  fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.:@#<>!|&;^'), minLength: 1, maxLength: 6 }),
);

/** `--name`, `--name=value` or `--name value`, the value from anywhere. */
const flag = fc
  .tuple(fc.constantFrom(...FLAGS), fc.constantFrom('', '=', ' ', ' "'), fc.oneof(fc.constantFrom(...VALUES, ...MARKUP), randomChars))
  .map(([name, joiner, value]) => (joiner === '' ? `--${name}` : `--${name}${joiner}${value}`));

/** One piece of a text; `extraWords` adds the run's own (real link ids, aliases). */
export function piece(extraWords: readonly string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...WORDS, ...extraWords) },
    { weight: 3, arbitrary: fc.constantFrom(...MARKUP) },
    { weight: 2, arbitrary: fc.constantFrom(...ESCAPED) },
    { weight: 1, arbitrary: fc.constantFrom(...TYPED_MENTIONS) },
    { weight: 2, arbitrary: fc.constantFrom(...UNICODE) },
    { weight: 1, arbitrary: fc.constantFrom(...CONTROL) },
    { weight: 2, arbitrary: fc.constantFrom(...BROKEN) },
    { weight: 3, arbitrary: flag },
    { weight: 2, arbitrary: randomChars },
  );
}

const joined = (pieces: fc.Arbitrary<string[]>) =>
  fc.tuple(pieces, fc.constantFrom(' ', ' ', ' ', '', '  ', '\t')).map(([words, separator]) => words.join(separator));

/** A text as someone might type it: a few pieces, sometimes none, now and then 3,000 to 4,000 characters. */
export function fuzzText(extraWords: readonly string[] = []): fc.Arbitrary<string> {
  const short = joined(fc.array(piece(extraWords), { maxLength: 12 }));
  const long = fc
    .tuple(joined(fc.array(piece(extraWords), { minLength: 1, maxLength: 40 })), fc.integer({ min: 3_000, max: 4_000 }))
    .map(([text, length]) => text.repeat(Math.ceil(length / Math.max(text.length, 1))).slice(0, length));
  return fc.oneof({ weight: 30, arbitrary: short }, { weight: 1, arbitrary: long }).filter(clean);
}

/** A value for a select: one of its own options most of the time, anything otherwise. */
export function selectValue(options: readonly string[], extraWords: readonly string[] = []): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...options) }, { weight: 1, arbitrary: fuzzText(extraWords) });
}

export const IDP_KEYS = IDP_GUIDES.map((idp) => idp.key);
export { LINK_SCOPES };
