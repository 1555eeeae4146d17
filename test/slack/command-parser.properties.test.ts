import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeCommandText } from '../../emulators/slack/escape.js';
import { IDP_GUIDES } from '../../src/core/guides.js';
import { controlCharacterIn, MAX_NOTE_LENGTH } from '../../src/core/links/options.js';
import { CommandSyntaxError, parseCommand, SUBCOMMANDS, type SsoPortalCommand } from '../../src/slack/command-parser.js';

// Runs are bounded so the file stays well under a second or two; a failure prints its seed and
// the smallest text that fails, to replay with `fc.assert(..., { seed, path })`.

/** What the parser makes of `text`: a command, or the message of its CommandSyntaxError (anything else throws). */
function outcome(text: string): { command: SsoPortalCommand } | { refusal: string } {
  try {
    return { command: parseCommand(text) };
  } catch (error) {
    if (error instanceof CommandSyntaxError) return { refusal: error.message };
    throw error;
  }
}

/** Characters that have tripped command parsers: quotes, escapes, dashes, Slack markup, controls, odd unicode. */
const TRICKY = ['"', "'", '“', '”', '‘', '’', '\\', '`', '-', '--', '=', ' ', '\t', '\n', '\r', '<', '>', '&', '|', '!', '@', '#', '\0', '\x1b', '\x7f', '\u0085', '\u00a0', '\u2028', '\ufeff', '\ud800', '\udfff', '😀', 'é'];
const WORDS = ['acme', 'help', 'map', 'unmap', 'orgs', 'links', 'revoke', 'extend', 'replace', 'status', 'guides', '--direct', '--post', '--sso', '--scim', '--ttl', '--idp', '--note', '--channel', '--ttl=3d', '3d', 'okta', 'org_1', 'ext:', 'L-abc', '<!here>', '<@U0ADMIN>'];

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const textUnit = fc.oneof(fc.constantFrom(...TRICKY), fc.constantFrom(...WORDS), anyCodeUnit, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }));
const anyText = fc.oneof(
  fc.string({ unit: textUnit, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ unit: textUnit, maxLength: 6 })), { maxLength: 12 }).map((words) => words.join(' ')),
);
const longText = fc.string({ unit: textUnit, minLength: 3_000, maxLength: 4_000 });

/** Every piece of text a command carries on to the services (and so to the database). */
function strings(command: SsoPortalCommand): string[] {
  const values = Object.values(command).filter((value): value is string => typeof value === 'string');
  if (command.name === 'issue') values.push(...[command.request.customer, command.request.note].filter((v): v is string => typeof v === 'string'));
  return values;
}

function expectCommandOrUsageError(text: string): void {
  const result = outcome(text);
  if ('command' in result) {
    expect(['issue', ...SUBCOMMANDS]).toContain(result.command.name);
    for (const value of strings(result.command)) expect(controlCharacterIn(value)).toBeUndefined();
  } else {
    // The message is mrkdwn: whatever was typed is escaped, and every code span closes.
    expect(result.refusal).not.toMatch(/[<>]/);
    expect(result.refusal.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
    expect(result.refusal.split('`').length % 2).toBe(1);
  }
}

describe('parseCommand on any text', () => {
  it('yields a command or a usage error, never another throw, and no control character gets through', () => {
    fc.assert(fc.property(anyText, expectCommandOrUsageError), { numRuns: 1_000 });
  });

  it('does so for 3,000 to 4,000 characters too', () => {
    fc.assert(fc.property(longText, expectCommandOrUsageError), { numRuns: 25 });
  });
});

// ---------------------------------------------------------------------------------------------
// Round trip: an issue request rendered to text as a person might type it reads back the same.

/** Text a value may hold: what people type in names and notes, quotes, backslashes and markup included. */
const valueUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom('"', "'", '\\', ' ', '-', '=', '`', '<!here>', '&', '\u00a0', 'é', '😀') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);
/** Values are kept as read: trimmed, without control characters, and without curly quotes (which the parser straightens). */
const value = (maxLength: number) =>
  fc
    .string({ unit: valueUnit, minLength: 1, maxLength })
    .map((text) => text.trim())
    .filter((text) => text.length > 0 && text.length <= maxLength && controlCharacterIn(text) === undefined && !/[“”‘’]/.test(text));

const customer = value(40).filter((text) => !(SUBCOMMANDS as readonly string[]).includes(text.toLowerCase()));
const HOUR = 3_600_000;
const ttl = fc.oneof(
  fc.integer({ min: 1, max: 30 * 24 }).map((hours) => ({ text: `${hours}h`, ms: hours * HOUR })),
  fc.integer({ min: 1, max: 30 }).map((days) => ({ text: `${days}d`, ms: days * 24 * HOUR })),
);
const idp = fc.constantFrom(...IDP_GUIDES.flatMap((guides) => [guides.key, ...guides.aliases].map((name) => ({ name, key: guides.key }))));

const issueRequest = fc
  .record({
    customer: fc.option(customer, { nil: undefined }),
    direct: fc.boolean(),
    post: fc.boolean(),
    sso: fc.boolean(),
    scim: fc.boolean(),
    ttl: fc.option(ttl, { nil: undefined }),
    idp: fc.option(idp, { nil: undefined }),
    note: fc.option(value(MAX_NOTE_LENGTH), { nil: undefined }),
  })
  // A direct link's lifetime is Scalekit's: --direct with --ttl is refused (see the unit tests).
  .map((request) => (request.direct ? { ...request, ttl: undefined } : request));

/** How a value is quoted: double, single or Slack's curly quotes; a backslash keeps a quote or backslash inside. */
const quoting = fc.constantFrom(
  (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`,
  (text: string) => `'${text.replace(/['\\]/g, '\\$&')}'`,
  (text: string) => `“${text.replace(/["\\]/g, '\\$&')}”`,
);
const space = fc.constantFrom(' ', '  ', '\t', '\n', '\r\n');

const typedRequest = fc
  .record({
    request: issueRequest,
    quote: quoting,
    inline: fc.boolean(),
    spaces: fc.array(space, { minLength: 8, maxLength: 8 }),
    order: fc.array(fc.nat(), { minLength: 9, maxLength: 9 }),
  })
  .map(({ request, quote, inline, spaces, order }) => {
    // `--note -x` reads as a forgotten value; `--note=-x` (or `--` before a positional) says it is one.
    const option = (name: string, text: string) => (inline || text.startsWith('-') ? [`--${name}=${quote(text)}`] : [`--${name}`, quote(text)]);
    const options: string[][] = [];
    // A customer may stand anywhere among the options, unless it starts with a dash: then it comes last, after `--`.
    const dashed = request.customer?.startsWith('-');
    if (request.customer !== undefined && !dashed) options.push([quote(request.customer)]);
    if (request.direct) options.push(['--direct']);
    if (request.post) options.push(['--post']);
    if (request.sso) options.push(['--sso']);
    if (request.scim) options.push(['--scim']);
    if (request.ttl) options.push(option('ttl', request.ttl.text));
    if (request.idp) options.push(option('idp', request.idp.name));
    if (request.note !== undefined) options.push(option('note', request.note));
    const shuffled = options.map((words, i) => ({ words, rank: order[i] ?? 0 })).sort((a, b) => a.rank - b.rank);
    const words = shuffled.flatMap(({ words }) => words);
    if (request.customer !== undefined && dashed) words.push('--', quote(request.customer));
    const text = words.map((word, i) => (i === 0 ? word : `${spaces[i % spaces.length]}${word}`)).join('');
    // As Slack sends it: the command escapes (manifest.json), so `<`, `&`, links and mentions arrive as markup.
    return { request, text: escapeCommandText(text, { users: [], channels: [] }) };
  });

describe('parseCommand reads back an issue request rendered as text', () => {
  it('with the same customer, kind, scope, lifetime, identity provider, note and --post', () => {
    fc.assert(
      fc.property(typedRequest, ({ request, text }) => {
        const result = outcome(text);
        if (!('command' in result)) throw new Error(`refused ${JSON.stringify(text)}: ${result.refusal}`);
        expect(result.command).toMatchObject({
          name: 'issue',
          post: request.post,
          request: {
            customer: request.customer,
            kind: request.direct ? 'direct' : 'hosted',
            // One of the two flags limits the portal; neither, or both, is the whole of it.
            scope: request.sso === request.scim ? 'all' : request.sso ? 'sso' : 'directory',
            ttlMs: request.ttl?.ms,
            idp: request.idp ? { key: request.idp.key } : null,
            note: request.note ?? null,
          },
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseCommand on text as Slack escapes it', () => {
  const known = { users: [{ id: 'U0CSM', name: 'carl' }], channels: [{ id: 'C0ACME', name: 'customer-acme' }] };
  const slackWords = ['audit', 'acme', 'acme.com', 'it@acme.com', 'https://acme.example/setup?a=1', '@carl', '@here', '@nobody', '#customer-acme', '#nowhere', '--issuer', '--note', '--since', '30d', '--idp', 'okta', 'map', 'org_1', '--channel', 'ext:CUST-42', '"', "'", ' ', '=', 'U0CSM', 'links', 'status'];
  const typed = fc.array(fc.constantFrom(...slackWords), { maxLength: 10 }).map((words) => words.join(' '));

  it('reads it as the text the person typed (no backslash, &, < or > among it)', () => {
    fc.assert(
      fc.property(typed, (text) => {
        // `--issuer @carl` is a mention only once Slack escaped it (the unit tests cover it).
        if (text.includes('--issuer')) return;
        expect(outcome(escapeCommandText(text, known))).toEqual(outcome(text));
      }),
      { numRuns: 500 },
    );
  });
});
