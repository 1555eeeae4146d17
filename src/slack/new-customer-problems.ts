import type { NewCustomerProblem } from '../core/customers/request.js';
import { code } from './blocks/mrkdwn.js';
import { controlCharacterText } from './link-request-problems.js';

const FIELD_NAME = { name: 'The name', externalId: 'The external id' };

/**
 * A problem with a new customer, for the command (which names its flags, and shows what was typed
 * as code) or the form (whose errors Slack shows as plain text under each field).
 */
export function newCustomerProblemText(problem: NewCustomerProblem, where: 'command' | 'form'): string {
  const typed = (text: string) => (where === 'command' ? code(text) : `“${text}”`);
  switch (problem.problem) {
    case 'missing':
      return where === 'command' ? 'Name the customer: `new "Acme Corp"`.' : 'Name the customer.';
    case 'control_character':
      return controlCharacterText(FIELD_NAME[problem.field], problem.codePoint);
    case 'too_long':
      return `${FIELD_NAME[problem.field]} is ${problem.length} characters long; keep it to ${problem.max}.`;
    case 'invalid_alias':
      return `${typed(problem.value)} can't be an alias: use letters, digits, “.”, “_” or “-” (up to 63), and not a subcommand name.`;
    case 'no_alias_from_name':
      return where === 'command'
        ? `I can't make an alias from the name ${code(problem.name)}: give one with \`--alias\`.`
        : 'The name makes no alias (it has no letters or digits, or is a word the command keeps): give one.';
    case 'not_a_domain':
      return `${typed(problem.value)} is not a domain: give the domain alone, e.g. ${where === 'command' ? '`--domain acme.com`' : 'acme.com'}.`;
    case 'too_many':
      return `That is ${problem.count} domains; add at most ${problem.max} at a time.`;
  }
}
