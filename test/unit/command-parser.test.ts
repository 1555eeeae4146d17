import { describe, expect, it } from 'vitest';
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

  it('reads subcommands', () => {
    expect(parseCommand('HELP')).toEqual({ name: 'help' });
    expect(parseCommand('map acme org_1 --channel')).toEqual({ name: 'map', alias: 'acme', reference: 'org_1', channel: true });
    expect(parseCommand('map acme ext:CUST-1')).toMatchObject({ reference: 'ext:CUST-1', channel: false });
    expect(parseCommand('unmap acme')).toEqual({ name: 'unmap', alias: 'acme' });
    expect(parseCommand('orgs')).toEqual({ name: 'orgs' });
    expect(parseCommand('links')).toEqual({ name: 'links', org: undefined });
    expect(parseCommand('links acme')).toEqual({ name: 'links', org: 'acme' });
    expect(parseCommand('revoke L-abc')).toEqual({ name: 'revoke', linkId: 'L-abc' });
    expect(parseCommand('status')).toEqual({ name: 'status', org: undefined });
    expect(parseCommand('Status acme')).toEqual({ name: 'status', org: 'acme' });
    expect(parseCommand('guides azure')).toMatchObject({ name: 'guides', idp: { key: 'entra' } });
  });

  it.each([
    ['acme --bogus', 'has no option `--bogus`'],
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
  ])('%s is refused with a clear message', (text, message) => {
    expect(() => parseCommand(text)).toThrow(CommandSyntaxError);
    expect(() => parseCommand(text)).toThrow(message);
  });
});
