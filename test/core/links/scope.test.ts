import { describe, expect, it } from 'vitest';
import { covers, isLinkScope, LINK_SCOPES, scopeOf, scopesCovering } from '../../../src/core/links/scope.js';

describe('what a link sets up', () => {
  it('is the whole portal unless exactly one part is asked for (`--sso`, `--scim`, neither or both)', () => {
    expect(scopeOf({ sso: false, directory: false })).toBe('all');
    expect(scopeOf({ sso: true, directory: true })).toBe('all');
    expect(scopeOf({ sso: true, directory: false })).toBe('sso');
    expect(scopeOf({ sso: false, directory: true })).toBe('directory');
  });

  it('offers the parts of its scope', () => {
    const offered = (scope: (typeof LINK_SCOPES)[number]) => (['sso', 'directory'] as const).filter((part) => covers(scope, part));
    expect(LINK_SCOPES.map((scope) => [scope, offered(scope)])).toEqual([
      ['all', ['sso', 'directory']],
      ['sso', ['sso']],
      ['directory', ['directory']],
    ]);
  });

  it('knows which scopes offer a part, and only its own names', () => {
    expect(scopesCovering('sso')).toEqual(['all', 'sso']);
    expect(scopesCovering('directory')).toEqual(['all', 'directory']);
    expect(['all', 'sso', 'directory', 'scim', 'SSO', ''].map(isLinkScope)).toEqual([true, true, true, false, false, false]);
  });
});
