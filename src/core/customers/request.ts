// The one check of what an admin asks for when adding a customer. The command parser and the form
// run it to point at what is wrong; adding a customer accepts nothing else, and nothing is asked
// of Scalekit or written before it passes.
import { domainToASCII } from 'node:url';
import { aliasFromName, readAlias } from '../aliases.js';
import { controlCharacterIn } from '../links/options.js';

/** Long enough for any company's name, short enough for a list. */
export const MAX_NAME_LENGTH = 100;
export const MAX_EXTERNAL_ID_LENGTH = 255;
/** A customer has a handful of domains; more in one go is a paste gone wrong. */
export const MAX_DOMAINS = 20;

/** A new customer as people type it. */
export interface NewCustomerInput {
  name: string;
  /** Undefined: made from the name. */
  alias: string | undefined;
  externalId: string | undefined;
  /** As typed: each entry may hold several domains, apart by commas or white space. */
  domains: readonly string[];
}

declare const checked: unique symbol;

/** A new customer that passed checkNewCustomer (only it makes one). */
export interface NewCustomerRequest {
  readonly [checked]: true;
  name: string;
  alias: string;
  /** Whether the alias was made from the name rather than given. */
  aliasFromName: boolean;
  externalId: string | null;
  /** Lowercase, in ASCII (an international name in its `xn--` form), each once. */
  domains: string[];
}

export type NewCustomerField = keyof NewCustomerInput;

export type NewCustomerProblem =
  | { field: 'name'; problem: 'missing' }
  | { field: 'name' | 'externalId'; problem: 'control_character'; codePoint: number }
  | { field: 'name' | 'externalId'; problem: 'too_long'; length: number; max: number }
  | { field: 'alias'; problem: 'invalid_alias'; value: string }
  /** No alias given, and the name makes none (no letters or digits, or a reserved word). */
  | { field: 'alias'; problem: 'no_alias_from_name'; name: string }
  | { field: 'domains'; problem: 'not_a_domain'; value: string }
  | { field: 'domains'; problem: 'too_many'; count: number; max: number };

/** Labels of letters, digits and inner hyphens, at least two, the last not all digits. */
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?!\d+$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])$/;

/** A domain as Scalekit is given it, or undefined when `typed` is none. */
function readDomain(typed: string): string | undefined {
  // domainToASCII lowercases, turns an international name into its xn-- form, and answers '' for what no domain can be.
  const ascii = domainToASCII(typed.replace(/\.$/, ''));
  return DOMAIN_NAME.test(ascii) ? ascii : undefined;
}

/** Checks every field and reports each problem, or returns the request ready to carry out. `reserved`: words that may not be aliases. */
export function checkNewCustomer(input: NewCustomerInput, reserved: readonly string[]): { request: NewCustomerRequest } | { problems: NewCustomerProblem[] } {
  const problems: NewCustomerProblem[] = [];
  const name = input.name.trim();
  const nameControl = controlCharacterIn(name);
  if (!name) problems.push({ field: 'name', problem: 'missing' });
  else if (nameControl !== undefined) problems.push({ field: 'name', problem: 'control_character', codePoint: nameControl });
  else if (name.length > MAX_NAME_LENGTH) problems.push({ field: 'name', problem: 'too_long', length: name.length, max: MAX_NAME_LENGTH });

  const typedAlias = input.alias?.trim() || undefined;
  const alias = typedAlias === undefined ? aliasFromName(name, reserved) : readAlias(typedAlias, reserved);
  if (typedAlias !== undefined && alias === undefined) problems.push({ field: 'alias', problem: 'invalid_alias', value: typedAlias });
  else if (alias === undefined && name) problems.push({ field: 'alias', problem: 'no_alias_from_name', name });

  const externalId = input.externalId?.trim() || null;
  const externalControl = externalId === null ? undefined : controlCharacterIn(externalId);
  if (externalControl !== undefined) problems.push({ field: 'externalId', problem: 'control_character', codePoint: externalControl });
  else if (externalId && externalId.length > MAX_EXTERNAL_ID_LENGTH) problems.push({ field: 'externalId', problem: 'too_long', length: externalId.length, max: MAX_EXTERNAL_ID_LENGTH });

  const typedDomains = input.domains.flatMap((entry) => entry.split(/[\s,]+/)).filter(Boolean);
  const domains: string[] = [];
  for (const typed of typedDomains) {
    const domain = readDomain(typed);
    if (domain === undefined) problems.push({ field: 'domains', problem: 'not_a_domain', value: typed });
    else if (!domains.includes(domain)) domains.push(domain);
  }
  if (domains.length > MAX_DOMAINS) problems.push({ field: 'domains', problem: 'too_many', count: domains.length, max: MAX_DOMAINS });

  if (problems.length || alias === undefined) return { problems };
  return { request: { name, alias, aliasFromName: typedAlias === undefined, externalId, domains } as NewCustomerRequest };
}
