// What may be an alias, the one short name people type for a customer: the rule `map` and `new`
// both keep.

const ALIAS_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** The alias as stored (lowercase), or undefined when `typed` cannot be one: malformed, or a word the command keeps (`reserved`). */
export function readAlias(typed: string, reserved: readonly string[]): string | undefined {
  const alias = typed.toLowerCase();
  return ALIAS_PATTERN.test(alias) && !reserved.includes(alias) ? alias : undefined;
}

/**
 * An alias made from a customer's name: its letters and digits, accents dropped, the rest one
 * hyphen (`Acme Corp` → `acme-corp`, `Société Générale` → `societe-generale`). Undefined when that
 * leaves nothing, or a reserved word.
 */
export function aliasFromName(name: string, reserved: readonly string[]): string | undefined {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '');
  return readAlias(words.slice(0, 63).replace(/-+$/, ''), reserved);
}
