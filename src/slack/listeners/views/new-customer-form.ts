import type { ViewOutput } from '@slack/bolt';
import { checkNewCustomer, type NewCustomerField, type NewCustomerRequest } from '../../../core/customers/request.js';
import { NEW_CUSTOMER_FIELDS } from '../../blocks/new-customer-modal.js';
import { SUBCOMMANDS } from '../../command-parser.js';
import { newCustomerProblemText } from '../../new-customer-problems.js';

/** A submitted new-customer form, checked. */
export interface NewCustomerForm {
  request: NewCustomerRequest;
  /** The channel chosen to be the customer's; null: none. */
  channelId: string | null;
}

/** Errors by block_id, as `response_action: 'errors'` shows them under each field. */
export type NewCustomerFieldErrors = Partial<Record<(typeof NEW_CUSTOMER_FIELDS)[NewCustomerField], string>>;

/** Reads the form's state and runs the one check of a new customer on it; the payload is checked whatever the client enforced. */
export function readNewCustomerForm(view: ViewOutput): { form: NewCustomerForm } | { errors: NewCustomerFieldErrors } {
  const field = (id: string) => view.state.values[id]?.[id];
  const text = (key: NewCustomerField) => field(NEW_CUSTOMER_FIELDS[key])?.value ?? undefined;
  const checked = checkNewCustomer({ name: text('name') ?? '', alias: text('alias'), externalId: text('externalId'), domains: [text('domains') ?? ''] }, SUBCOMMANDS);
  if ('problems' in checked) {
    const errors: NewCustomerFieldErrors = {};
    for (const problem of checked.problems) errors[NEW_CUSTOMER_FIELDS[problem.field]] ??= newCustomerProblemText(problem, 'form');
    return { errors };
  }
  return { form: { request: checked.request, channelId: field(NEW_CUSTOMER_FIELDS.channel)?.selected_conversation ?? null } };
}
