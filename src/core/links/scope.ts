// What a link lets the customer set up: the whole Admin Portal, or one part of it. The one rule
// for which parts a scope offers, asked by the request check, the guides and the setup notices.
import type { SetupPart } from './events.js';

/** `all`: the whole portal (single sign-on and directory sync), as every link before scopes. */
export const LINK_SCOPES = ['all', 'sso', 'directory'] as const;

export type LinkScope = (typeof LINK_SCOPES)[number];

const PARTS: Record<LinkScope, readonly SetupPart[]> = { all: ['sso', 'directory'], sso: ['sso'], directory: ['directory'] };

export function isLinkScope(value: string): value is LinkScope {
  return (LINK_SCOPES as readonly string[]).includes(value);
}

/** The scope of the parts asked for (`--sso`, `--scim`): none, or both, is the whole portal. */
export function scopeOf({ sso, directory }: Record<SetupPart, boolean>): LinkScope {
  if (sso === directory) return 'all';
  return sso ? 'sso' : 'directory';
}

/** Whether a link of `scope` offers `part` of the setup. */
export function covers(scope: LinkScope, part: SetupPart): boolean {
  return PARTS[scope].includes(part);
}

/** The parts a link of `scope` offers: its setup is finished when each of them is. */
export function partsOf(scope: LinkScope): readonly SetupPart[] {
  return PARTS[scope];
}

/** Every scope whose link offers `part`. */
export function scopesCovering(part: SetupPart): LinkScope[] {
  return LINK_SCOPES.filter((scope) => covers(scope, part));
}
