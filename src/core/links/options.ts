// The one check of what a CSM asks for when issuing a link. The command parser and the form run
// it to point at the field that is wrong; issuing accepts nothing else.
import ms from 'ms';
import { parseDuration, shortDuration } from '../duration.js';
import { findIdpGuides, type IdpGuides } from '../guides.js';
import type { LinkKind } from './link.js';
import { isLinkScope, type LinkScope } from './scope.js';

/** How long a hosted link may live. */
export const LINK_TTL_BOUNDS = { minMs: ms('1h'), maxMs: ms('30d') } as const;

/** The bounds as a phrase for messages: `between 1h and 30d`. */
export const LINK_TTL_RANGE = `between ${shortDuration(LINK_TTL_BOUNDS.minMs)} and ${shortDuration(LINK_TTL_BOUNDS.maxMs)}`;

/** Notes travel with the audit record; long enough for context, short enough for a list. */
export const MAX_NOTE_LENGTH = 500;

/** A link request as people type it. */
export interface LinkRequestInput {
  /** Alias, `org_…`, `ext:…`; undefined for the channel's customer. */
  customer: string | undefined;
  kind: LinkKind;
  /** A lifetime such as `3d`; undefined for the default. */
  ttl: string | undefined;
  idp: string | undefined;
  note: string | undefined;
  /** A scope's name (see scopeOf for flags); undefined for the whole portal. */
  scope: string | undefined;
}

declare const checked: unique symbol;

/** A link request that passed checkLinkRequest (only it makes one). */
export interface LinkRequest {
  readonly [checked]: true;
  customer: string | undefined;
  kind: LinkKind;
  /** Undefined: the configured default. */
  ttlMs: number | undefined;
  idp: IdpGuides | null;
  note: string | null;
  scope: LinkScope;
}

export type LinkRequestField = keyof LinkRequestInput;

export type LinkRequestProblem =
  | { field: 'customer' | 'note'; problem: 'control_character'; codePoint: number }
  | { field: 'ttl'; problem: 'not_a_lifetime'; value: string }
  | { field: 'ttl'; problem: 'not_for_direct' }
  | { field: 'idp'; problem: 'unknown_idp'; value: string }
  | { field: 'note'; problem: 'too_long'; length: number }
  | { field: 'scope'; problem: 'unknown_scope'; value: string };

/** Characters that have no place in a name or a note (PostgreSQL refuses U+0000 outright). */
const CONTROL = /[\p{Cc}\p{Cs}]/gu;

/** A note may span lines (the form's note field is multi-line). */
const LINE_BREAKS = '\t\r\n';

/** The first control character or lone surrogate in `text` but those `allowed`, as a code point. */
export function controlCharacterIn(text: string, allowed = ''): number | undefined {
  for (const [character] of text.matchAll(CONTROL)) {
    if (!allowed.includes(character)) return character.codePointAt(0);
  }
  return undefined;
}

/** Whether `ms` is a lifetime a hosted link may have. */
export function isLinkTtl(milliseconds: number): boolean {
  return milliseconds >= LINK_TTL_BOUNDS.minMs && milliseconds <= LINK_TTL_BOUNDS.maxMs;
}

/** A lifetime a hosted link may have (`3d`, `12h`), in milliseconds; null when the text is none. */
export function readLinkTtl(text: string): number | null {
  const parsed = parseDuration(text);
  return parsed !== null && isLinkTtl(parsed) ? parsed : null;
}

/** Checks every field and reports each problem, or returns the request ready to issue. */
export function checkLinkRequest(input: LinkRequestInput): { request: LinkRequest } | { problems: LinkRequestProblem[] } {
  const problems: LinkRequestProblem[] = [];
  const customer = input.customer?.trim() || undefined;
  const customerControl = customer === undefined ? undefined : controlCharacterIn(customer);
  if (customerControl !== undefined) problems.push({ field: 'customer', problem: 'control_character', codePoint: customerControl });

  let ttlMs: number | undefined;
  if (input.ttl !== undefined) {
    const parsed = readLinkTtl(input.ttl);
    if (input.kind === 'direct') problems.push({ field: 'ttl', problem: 'not_for_direct' });
    else if (parsed === null) problems.push({ field: 'ttl', problem: 'not_a_lifetime', value: input.ttl });
    else ttlMs = parsed;
  }

  const idp = input.idp === undefined ? null : findIdpGuides(input.idp);
  if (input.idp !== undefined && !idp) problems.push({ field: 'idp', problem: 'unknown_idp', value: input.idp });

  const note = input.note?.trim() || null;
  const noteControl = note === null ? undefined : controlCharacterIn(note, LINE_BREAKS);
  if (noteControl !== undefined) problems.push({ field: 'note', problem: 'control_character', codePoint: noteControl });
  else if (note && note.length > MAX_NOTE_LENGTH) problems.push({ field: 'note', problem: 'too_long', length: note.length });

  let scope: LinkScope = 'all';
  if (input.scope !== undefined && isLinkScope(input.scope)) scope = input.scope;
  else if (input.scope !== undefined) problems.push({ field: 'scope', problem: 'unknown_scope', value: input.scope });

  if (problems.length) return { problems };
  return { request: { customer, kind: input.kind, ttlMs, idp, note, scope } as LinkRequest };
}
