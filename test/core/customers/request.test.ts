import { describe, expect, it } from 'vitest';
import { checkNewCustomer, MAX_DOMAINS, type NewCustomerInput } from '../../../src/core/customers/request.js';
import { RESERVED_WORDS } from '../../helpers/use-cases.js';

const check = (input: Partial<NewCustomerInput>) => checkNewCustomer({ name: 'Acme Corp', alias: undefined, externalId: undefined, domains: [], ...input }, RESERVED_WORDS);
const problemsOf = (input: Partial<NewCustomerInput>) => {
  const checked = check(input);
  return 'problems' in checked ? checked.problems : [];
};

describe('what an admin asks for when adding a customer', () => {
  it('takes a name alone, making the alias from it', () => {
    expect(check({ name: '  Acme Corp ' })).toEqual({ request: { name: 'Acme Corp', alias: 'acme-corp', aliasFromName: true, externalId: null, domains: [] } });
  });

  it('makes aliases of letters and digits only, accents dropped, at most 63 characters and no hyphen at either end', () => {
    const aliasOf = (name: string) => {
      const checked = check({ name });
      return 'request' in checked ? checked.request.alias : undefined;
    };
    expect(aliasOf('Société Générale')).toBe('societe-generale');
    expect(aliasOf('  "AT&T" (US)  ')).toBe('at-t-us');
    expect(aliasOf(`${'a'.repeat(62)} Corp`)).toBe('a'.repeat(62));
  });

  it('takes a given alias lowercased, an external id trimmed, and domains however they are apart, each once in ASCII', () => {
    const checked = check({ alias: 'ACME', externalId: ' CUST-42 ', domains: ['Acme.com, acme.io', 'bücher.de\nacme.com.', ''] });
    expect(checked).toEqual({
      request: { name: 'Acme Corp', alias: 'acme', aliasFromName: false, externalId: 'CUST-42', domains: ['acme.com', 'acme.io', 'xn--bcher-kva.de'] },
    });
    expect(check({ externalId: '  ' })).toMatchObject({ request: { externalId: null } });
  });

  it('refuses a missing name, and only says so', () => {
    expect(problemsOf({ name: '  ' })).toEqual([{ field: 'name', problem: 'missing' }]);
  });

  it('asks for an alias when the name makes none, or only a reserved word', () => {
    expect(problemsOf({ name: '株式会社' })).toEqual([{ field: 'alias', problem: 'no_alias_from_name', name: '株式会社' }]);
    expect(problemsOf({ name: 'Help' })).toEqual([{ field: 'alias', problem: 'no_alias_from_name', name: 'Help' }]);
    expect(check({ name: '株式会社', alias: 'kk' })).toMatchObject({ request: { name: '株式会社', alias: 'kk' } });
  });

  it('refuses an alias that cannot be one, by the rule `map` keeps', () => {
    for (const alias of ['-acme', 'ac me', 'a'.repeat(64), ...RESERVED_WORDS]) {
      expect(problemsOf({ alias }), alias).toEqual([{ field: 'alias', problem: 'invalid_alias', value: alias }]);
    }
  });

  it('refuses control characters and lengths past the limits', () => {
    expect(problemsOf({ name: 'Acme\u0000', externalId: 'x\u0007' })).toEqual([
      { field: 'name', problem: 'control_character', codePoint: 0 },
      { field: 'externalId', problem: 'control_character', codePoint: 7 },
    ]);
    expect(problemsOf({ name: 'A'.repeat(101), alias: 'a', externalId: 'x'.repeat(256) })).toEqual([
      { field: 'name', problem: 'too_long', length: 101, max: 100 },
      { field: 'externalId', problem: 'too_long', length: 256, max: 255 },
    ]);
  });

  it('names each word that is no domain, and refuses too many', () => {
    expect(problemsOf({ domains: ['acme', 'acme.com', 'https://acme.io', '@acme.net', 'acme..com', '10.0.0.1', '-acme.com'] })).toEqual(
      ['acme', 'https://acme.io', '@acme.net', 'acme..com', '10.0.0.1', '-acme.com'].map((value) => ({ field: 'domains', problem: 'not_a_domain', value })),
    );
    const many = Array.from({ length: MAX_DOMAINS + 1 }, (_, i) => `acme${i}.com`);
    expect(problemsOf({ domains: many })).toEqual([{ field: 'domains', problem: 'too_many', count: MAX_DOMAINS + 1, max: MAX_DOMAINS }]);
    expect(check({ domains: many.slice(1) })).toHaveProperty('request');
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ name: 'Acme\u0001', alias: 'help', domains: ['nope'] }).map((p) => p.field)).toEqual(['name', 'alias', 'domains']);
  });
});
