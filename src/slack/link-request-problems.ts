import { describeDuration } from '../core/duration.js';
import { idpKeys } from '../core/guides.js';
import { LINK_TTL_BOUNDS, LINK_TTL_RANGE, MAX_NOTE_LENGTH, type LinkRequestProblem } from '../core/links/options.js';
import { code } from './blocks/mrkdwn.js';

const FIELD_NAME = { customer: 'The customer', note: 'The note' };

/** Says which control character `what` (“The note”) contains, by its code point: it may not show on screen. */
export function controlCharacterText(what: string, codePoint: number): string {
  return `${what} contains a control character (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}); remove it.`;
}

/** A problem with a link request, for the command (which names its flags) or the form (which names its fields). */
export function linkRequestProblemText(problem: LinkRequestProblem, where: 'command' | 'form'): string {
  switch (problem.problem) {
    case 'control_character':
      return controlCharacterText(FIELD_NAME[problem.field], problem.codePoint);
    case 'not_a_lifetime':
      return where === 'command'
        ? `${code(`--ttl ${problem.value}`)} is not a lifetime ${LINK_TTL_RANGE} (try \`--ttl 3d\` or \`--ttl 12h\`).`
        : `Choose a lifetime between ${describeDuration(LINK_TTL_BOUNDS.minMs)} and ${describeDuration(LINK_TTL_BOUNDS.maxMs)} from the list.`;
    case 'not_for_direct':
      return where === 'command'
        ? '`--ttl` applies to hosted links only: a direct Scalekit link always expires after a minute.'
        : 'A lifetime applies to hosted links only: a direct Scalekit link always expires after a minute.';
    case 'unknown_idp':
      return where === 'command'
        ? `I don't know the identity provider ${code(problem.value)}. Known: ${idpKeys().map((k) => `\`${k}\``).join(', ')}.`
        : 'Choose an identity provider from the list, or none.';
    case 'too_long':
      return `The note is ${problem.length} characters long; keep it under ${MAX_NOTE_LENGTH}.`;
    case 'unknown_scope':
      // The command's flags always make a scope; only a forged form can send another value.
      return 'Choose what the link sets up from the list.';
  }
}
