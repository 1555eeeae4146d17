import { describe, expect, it } from 'vitest';
import { checkLinkRequest, controlCharacterIn, isLinkTtl, MAX_NOTE_LENGTH, type LinkRequestInput } from '../../../src/core/links/options.js';

const check = (input: Partial<LinkRequestInput>) =>
  checkLinkRequest({ customer: undefined, kind: 'hosted', ttl: undefined, idp: undefined, note: undefined, scope: undefined, ...input });

describe('checking a link request', () => {
  it('passes a request with every option, trimmed', () => {
    expect(check({ customer: '  acme ', ttl: '3d', idp: 'Azure', note: '  call with Dana ', scope: 'directory' })).toEqual({
      request: { customer: 'acme', kind: 'hosted', ttlMs: 3 * 86_400_000, idp: expect.objectContaining({ key: 'entra' }), note: 'call with Dana', scope: 'directory' },
    });
  });

  it('leaves out what was left blank: the channel\'s customer, the default lifetime, no note, the whole portal', () => {
    expect(check({ customer: '   ', note: ' ' })).toEqual({
      request: { customer: undefined, kind: 'hosted', ttlMs: undefined, idp: null, note: null, scope: 'all' },
    });
  });

  it('limits a hosted or a direct link to single sign-on or directory sync', () => {
    for (const kind of ['hosted', 'direct'] as const) {
      for (const scope of ['all', 'sso', 'directory']) expect(check({ kind, scope })).toMatchObject({ request: { kind, scope } });
    }
  });

  it('refuses a scope it does not know (only a forged form sends one)', () => {
    for (const scope of ['', 'SSO', 'scim', 'both']) {
      expect(check({ scope })).toEqual({ problems: [{ field: 'scope', problem: 'unknown_scope', value: scope }] });
    }
  });

  it('holds a hosted link\'s lifetime between an hour and thirty days', () => {
    expect(check({ ttl: '1h' })).toMatchObject({ request: { ttlMs: 3_600_000 } });
    expect(check({ ttl: '30d' })).toMatchObject({ request: { ttlMs: 30 * 86_400_000 } });
    for (const ttl of ['59m', '31d', 'soon', '', '-2d']) {
      expect(check({ ttl })).toEqual({ problems: [{ field: 'ttl', problem: 'not_a_lifetime', value: ttl }] });
    }
    expect([isLinkTtl(3_600_000), isLinkTtl(3_600_000 - 1)]).toEqual([true, false]);
  });

  it('refuses a lifetime for a direct link, whose lifetime is Scalekit\'s', () => {
    expect(check({ kind: 'direct', ttl: '3d' })).toEqual({ problems: [{ field: 'ttl', problem: 'not_for_direct' }] });
    expect(check({ kind: 'direct' })).toMatchObject({ request: { kind: 'direct', ttlMs: undefined } });
  });

  it('refuses an identity provider it has no guides for', () => {
    expect(check({ idp: 'bogus' })).toEqual({ problems: [{ field: 'idp', problem: 'unknown_idp', value: 'bogus' }] });
  });

  it(`holds a note to ${MAX_NOTE_LENGTH} characters`, () => {
    expect(check({ note: 'n'.repeat(MAX_NOTE_LENGTH) })).toMatchObject({ request: { note: 'n'.repeat(MAX_NOTE_LENGTH) } });
    expect(check({ note: 'n'.repeat(MAX_NOTE_LENGTH + 1) })).toEqual({ problems: [{ field: 'note', problem: 'too_long', length: MAX_NOTE_LENGTH + 1 }] });
  });

  it('refuses control characters and lone surrogates in the customer and the note', () => {
    expect(check({ customer: 'ac\u0000me', note: 'a\u0007b' })).toEqual({
      problems: [
        { field: 'customer', problem: 'control_character', codePoint: 0 },
        { field: 'note', problem: 'control_character', codePoint: 7 },
      ],
    });
    expect(check({ note: 'half a pair: \ud83d' })).toEqual({ problems: [{ field: 'note', problem: 'control_character', codePoint: 0xd83d }] });
    expect(controlCharacterIn('Zoë 🙂 café')).toBeUndefined();
  });

  it('lets a note span lines (the form has a multi-line note), but not a customer', () => {
    expect(check({ note: 'first line\r\n\tsecond line' })).toMatchObject({ request: { note: 'first line\r\n\tsecond line' } });
    expect(check({ customer: 'ac\nme' })).toEqual({ problems: [{ field: 'customer', problem: 'control_character', codePoint: 10 }] });
  });

  it('answers every problem at once, by field', () => {
    expect(check({ ttl: 'soon', idp: 'bogus', note: 'n'.repeat(MAX_NOTE_LENGTH + 1) })).toMatchObject({
      problems: [{ field: 'ttl' }, { field: 'idp' }, { field: 'note' }],
    });
  });
});
