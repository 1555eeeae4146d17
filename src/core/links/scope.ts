// What a link lets the customer set up: the whole Admin Portal, or one part of it. The one rule
// for which parts a scope offers.
import type { SetupPart } from './events.js';

/** `all`: the whole portal (single sign-on and directory sync), as every link so far. */
export const LINK_SCOPES = ['all', 'sso', 'directory'] as const;

export type LinkScope = (typeof LINK_SCOPES)[number];

const PARTS: Record<LinkScope, readonly SetupPart[]> = { all: ['sso', 'directory'], sso: ['sso'], directory: ['directory'] };

/** Whether a link of `scope` offers `part` of the setup. */
export function covers(scope: LinkScope, part: SetupPart): boolean {
  return PARTS[scope].includes(part);
}
