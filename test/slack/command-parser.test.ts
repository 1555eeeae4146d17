import { describe, expect, it } from 'vitest';
import { code } from '../../src/slack/blocks/mrkdwn.js';
import { CommandSyntaxError, parseCommand } from '../../src/slack/command-parser.js';

describe('parseCommand', () => {
  it('reads an issue request with every option, curly quotes included', () => {
    expect(parseCommand('acme --direct --post --idp Okta --note “call with Dana”')).toMatchObject({
      name: 'issue',
      request: { customer: 'acme', kind: 'direct', idp: { key: 'okta' }, note: 'call with Dana' },
      post: true,
    });
    expect(parseCommand('acme --ttl 12h')).toMatchObject({ request: { ttlMs: 12 * 3_600_000 } });
    expect(parseCommand('')).toMatchObject({ name: 'issue', request: { customer: undefined } });
  });

  it('limits the portal with --sso or --scim; neither, or both, is the whole portal', () => {
    expect(parseCommand('acme --sso')).toMatchObject({ request: { scope: 'sso' } });
    expect(parseCommand('acme --scim --direct')).toMatchObject({ request: { scope: 'directory', kind: 'direct' } });
    expect(parseCommand('acme --scim --sso')).toMatchObject({ request: { scope: 'all' } });
    expect(parseCommand('acme')).toMatchObject({ request: { scope: 'all' } });
  });

  it('reads subcommands', () => {
    expect(parseCommand('HELP')).toEqual({ name: 'help' });
    expect(parseCommand('map acme org_1 --channel')).toEqual({ name: 'map', alias: 'acme', reference: 'org_1', channel: true });
    expect(parseCommand('map acme ext:CUST-1')).toMatchObject({ reference: 'ext:CUST-1', channel: false });
    expect(parseCommand('unmap acme')).toEqual({ name: 'unmap', alias: 'acme' });
    expect(parseCommand('orgs')).toEqual({ name: 'orgs' });
    expect(parseCommand('links')).toEqual({ name: 'links', org: undefined });
    expect(parseCommand('links acme')).toEqual({ name: 'links', org: 'acme' });
    expect(parseCommand('revoke L-abc')).toEqual({ name: 'revoke', linkId: 'L-abc' });
    expect(parseCommand('extend L-abc')).toEqual({ name: 'extend', linkId: 'L-abc', ttlMs: undefined });
    expect(parseCommand('Extend L-abc --ttl 7d')).toEqual({ name: 'extend', linkId: 'L-abc', ttlMs: 7 * 86_400_000 });
    expect(parseCommand('extend --ttl=12h L-abc')).toEqual({ name: 'extend', linkId: 'L-abc', ttlMs: 12 * 3_600_000 });
    expect(parseCommand('replace L-abc')).toEqual({ name: 'replace', linkId: 'L-abc' });
    expect(parseCommand('status')).toEqual({ name: 'status', org: undefined });
    expect(parseCommand('Status acme')).toEqual({ name: 'status', org: 'acme' });
    expect(parseCommand('guides azure')).toMatchObject({ name: 'guides', idp: { key: 'entra' } });
  });

  it('reads new: a quoted name, an alias, an external id, domains repeated or apart by commas, and --channel', () => {
    expect(parseCommand('new "Acme Corp" --alias ACME --external-id CUST-42 --domain acme.com --domain=acme.io,acme.net --channel')).toEqual({
      name: 'new',
      request: { name: 'Acme Corp', alias: 'acme', aliasFromName: false, externalId: 'CUST-42', domains: ['acme.com', 'acme.io', 'acme.net'] },
      channel: true,
    });
    expect(parseCommand('NEW “Société Générale”')).toEqual({
      name: 'new',
      request: { name: 'Société Générale', alias: 'societe-generale', aliasFromName: true, externalId: null, domains: [] },
      channel: false,
    });
  });

  it.each([
    ['new', '`new` needs an argument'],
    ['new Acme Corp', 'Quote a name with spaces: `new "Acme Corp"`'],
    ['new "Acme" --alias a --alias b', '`--alias` is given more than once'],
    ['new "Acme" --channel --channel', '`--channel` is given more than once'],
    ['new "Acme" --domain', '`--domain` needs a value'],
    ['new "Acme" --domain acme --domain acme.com', '`acme` is not a domain: give the domain alone, e.g. `--domain acme.com`.'],
    ['new "Acme" --alias map', "`map` can't be an alias"],
    ['new "Help"', "I can't make an alias from the name `Help`: give one with `--alias`."],
    ['new "Acme" --post', '`new` has no option `--post`'],
    ['new "  " --alias acme', 'Name the customer'],
  ])('refuses %s', (text, message) => {
    expect(() => parseCommand(text)).toThrow(CommandSyntaxError);
    expect(() => parseCommand(text)).toThrow(message);
  });

  it.each([
    ['acme --bogus', 'has no option `--bogus`'],
    ['acme --sso --sso', '`--sso` is given more than once'],
    ['acme --scim=yes', '`--scim` takes no value'],
    ['links --scim', '`links` takes no option `--scim`'],
    ['acme --ttl', '`--ttl` needs a value'],
    ['acme --ttl=', 'between 1h and 30d'],
    ['acme --ttl 31d', 'between 1h and 30d'],
    ['acme --ttl soon', 'between 1h and 30d'],
    ['acme --direct --ttl 3d', 'hosted links only'],
    ['acme --idp nope', "don't know the identity provider"],
    ['acme two words', 'Quote a note'],
    ['map acme', 'needs 2 arguments'],
    ['unmap', 'needs an argument'],
    ['orgs extra', 'Too many words for `orgs`'],
    ['status acme globex', 'Too many words for `status`'],
    ['help --verbose', '`help` takes no option'],
    [`acme --note "${'x'.repeat(501)}"`, 'keep it under 500'],
    // No option twice, quotes closed, values where they belong.
    ['acme --ttl 3x --ttl 4w', '`--ttl` is given more than once'],
    ['acme --ttl 4w --ttl=3d', '`--ttl` is given more than once'],
    ['--idp undefined --idp okta', '`--idp` is given more than once'],
    ['acme --direct --direct', '`--direct` is given more than once'],
    ['acme --note a --post --note b', '`--note` is given more than once'],
    ['map acme org_1 --channel --channel', '`--channel` is given more than once'],
    ['acme --note "unterminated', 'A quote is not closed'],
    ["acme --note 'Dana's call'", 'A quote is not closed'],
    ['acme --direct=yes', '`--direct` takes no value'],
    ['acme --note --post', '`--note` needs a value'],
    ['links --post', '`links` takes no option `--post`'],
    ['unmap acme --channel', '`unmap` takes no option `--channel`'],
    ['extend', '`extend` needs an argument'],
    ['extend L-abc L-def', 'Too many words for `extend`'],
    ['extend L-abc --ttl', '`--ttl` needs a value'],
    ['extend L-abc --ttl 31d', '`--ttl 31d` is not a lifetime between 1h and 30d'],
    ['extend L-abc --ttl 30m', 'between 1h and 30d'],
    ['extend L-abc --ttl 3d --ttl 4d', '`--ttl` is given more than once'],
    ['extend L-abc --post', '`extend` has no option `--post`; it takes `--ttl`'],
    ['replace', '`replace` needs an argument'],
    ['replace L-abc --ttl 3d', '`replace` takes no option `--ttl`'],
    ['replace L-abc L-def', 'Too many words for `replace`'],
  ])('%s is refused with a clear message', (text, message) => {
    expect(() => parseCommand(text)).toThrow(CommandSyntaxError);
    expect(() => parseCommand(text)).toThrow(message);
  });

  it('refuses a control character anywhere in the command, naming its code point', () => {
    const cases: Array<[text: string, codePoint: string]> = [
      ['acme --note "a\0b"', 'U+0000'],
      ['\0', 'U+0000'],
      ['unmap a\0b', 'U+0000'],
      ['links acme\x7f', 'U+007F'],
      ['status \x1b[31macme', 'U+001B'],
      ['revoke L-\u0085', 'U+0085'],
      ['extend L-\u0000', 'U+0000'],
      ['replace L-abc\x07', 'U+0007'],
      ['map acme "org_\ud800"', 'U+D800'],
    ];
    for (const [text, codePoint] of cases) {
      expect(() => parseCommand(text), JSON.stringify(text)).toThrow(`The command contains a control character (${codePoint}); remove it.`);
    }
  });

  it('reads tabs and line breaks as spaces, and a backslash as keeping the next character', () => {
    expect(parseCommand('acme\t--post\r\n--note "first\nsecond"')).toMatchObject({ request: { customer: 'acme', note: 'first second' }, post: true });
    expect(parseCommand('acme --note "say \\"hi\\" to Dana\'s team"')).toMatchObject({ request: { note: 'say "hi" to Dana\'s team' } });
    expect(parseCommand('unmap -- -odd')).toEqual({ name: 'unmap', alias: '-odd' });
  });

  it.each([
    ['acme <!here|here>', '@here'],
    ['acme <https://evil.example/x|click>', 'click'],
    ['guides <!channel>', '@channel'],
    ['acme --<!here>', '--<!here>'],
    ['orgs <@U0ADMIN>', '@U0ADMIN'],
    ['acme --idp "<!subteam^S0ABC|@team>"', '@team'],
    ['unmap one "&lt; two"', '< two'],
    ['unmap one "<two"', '<two'],
    ['extend L-1 --ttl "<!here>"', '--ttl @here'],
    ['replace L-1 "<@U0ADMIN>"', '@U0ADMIN'],
    ['acme x "a`<!here>`b"', 'a`@here`b'],
  ])('%s: the refusal shows what was typed as an escaped code span', (text, typed) => {
    let message = '';
    try {
      parseCommand(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(code(typed));
    expect(message).not.toMatch(/[<>]/);
    expect(message.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
  });
});


describe('parseCommand on text Slack escaped (should_escape)', () => {
  it('reads audit with a customer, a range and an issuer as a mention, a bare mention or an id', () => {
    expect(parseCommand('audit <http://acme.com|acme.com> --since 30d --until 2026-03-01 --issuer <@U0CSM|carl>')).toEqual({
      name: 'audit',
      request: { customer: 'acme.com', issuerId: 'U0CSM', since: { agoMs: 30 * 86_400_000 }, until: { at: new Date('2026-03-01') } },
    });
    expect(parseCommand('audit --issuer=<@U0CSM>')).toMatchObject({ request: { issuerId: 'U0CSM', customer: undefined } });
    expect(parseCommand('audit --issuer U0CSM')).toMatchObject({ request: { issuerId: 'U0CSM' } });
    expect(parseCommand('audit')).toEqual({ name: 'audit', request: { customer: undefined, issuerId: undefined, since: undefined, until: undefined } });
  });

  it.each([
    ['audit --issuer @carl', '`--issuer` takes a person'],
    ['audit --issuer <#C0ACME|acme>', '`--issuer` takes a person'],
    ['audit --since soon', '`--since soon` is not a date'],
    ['audit --until 2026-13-45', '`--until 2026-13-45` is not a date'],
    ['audit acme globex', 'Too many words for `audit`'],
    ['audit --post', '`audit` has no option `--post`'],
  ])('refuses %s', (text, refusal) => {
    expect(() => parseCommand(text)).toThrow(refusal);
  });

  it('stores free text readable: mentions, channels and links as typed, never as live markup', () => {
    const note = 'ask <@U0CSM|carl> in <#C0ACME|customer-acme> &amp; see <https://x.example/a?b=1&amp;c=2> or <mailto:it@acme.com|it@acme.com> <!here>';
    expect(parseCommand(`acme --note "${note}"`)).toMatchObject({
      request: { customer: 'acme', note: 'ask @carl in #customer-acme & see https://x.example/a?b=1&c=2 or it@acme.com @here' },
    });
  });

  it('reads every other subcommand and argument as before', () => {
    expect(parseCommand('map acme org_1 --channel')).toEqual({ name: 'map', alias: 'acme', reference: 'org_1', channel: true });
    expect(parseCommand('map <http://acme.io|acme.io> ext:<mailto:it@acme.com|it@acme.com>')).toEqual({ name: 'map', alias: 'acme.io', reference: 'ext:it@acme.com', channel: false });
    expect(parseCommand('unmap <http://acme.com|acme.com>')).toEqual({ name: 'unmap', alias: 'acme.com' });
    expect(parseCommand('links <http://acme.com|acme.com>')).toEqual({ name: 'links', org: 'acme.com' });
    expect(parseCommand('status ext:CUST-42')).toEqual({ name: 'status', org: 'ext:CUST-42' });
    expect(parseCommand('extend L-abc --ttl 3d')).toEqual({ name: 'extend', linkId: 'L-abc', ttlMs: 3 * 86_400_000 });
    expect(parseCommand('guides okta')).toMatchObject({ name: 'guides', idp: { key: 'okta' } });
    expect(parseCommand('new "Acme &amp; Co" --domain <http://acme.com|acme.com> --external-id <mailto:it@acme.com|it@acme.com>')).toMatchObject({
      name: 'new',
      request: { name: 'Acme & Co', alias: 'acme-co', externalId: 'it@acme.com', domains: ['acme.com'] },
    });
    expect(parseCommand('<http://acme.com|acme.com> --sso --post --ttl 3d')).toMatchObject({ name: 'issue', request: { customer: 'acme.com', scope: 'sso' }, post: true });
  });
});
