import { describe, expect, it } from 'vitest';
import { covers, LINK_SCOPES } from '../../../src/core/links/scope.js';

describe('what a link sets up', () => {
  it('offers the parts of its scope', () => {
    const offered = (scope: (typeof LINK_SCOPES)[number]) => (['sso', 'directory'] as const).filter((part) => covers(scope, part));
    expect(LINK_SCOPES.map((scope) => [scope, offered(scope)])).toEqual([
      ['all', ['sso', 'directory']],
      ['sso', ['sso']],
      ['directory', ['directory']],
    ]);
  });
});
