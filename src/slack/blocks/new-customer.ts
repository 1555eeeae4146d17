import type { ActionsBlock, KnownBlock } from '@slack/web-api';
import type { DomainOutcome, NewCustomer } from '../../core/customers/new-customer.js';
import { DOMAIN_STATUS_TEXT } from './domains.js';
import { code, context, count, escapeMrkdwn, section, type SlackMessage } from './mrkdwn.js';

/**
 * What did not happen when adding a customer failed before Scalekit confirmed the organization. A
 * request that timed out may still have made it: with an external id, the same `new` again maps it.
 */
export const NO_CUSTOMER_CREATED = 'no customer was confirmed or mapped (with --external-id, the same command again maps one Scalekit made anyway)';

/** The reply's button: opens the issue form with the new customer's alias filled in (its value). */
export const SEND_FIRST_LINK_ACTION = 'new_customer_send_first_link';

function outcomeText(outcome: DomainOutcome): string {
  switch (outcome.outcome) {
    case 'added':
      return `added · ${DOMAIN_STATUS_TEXT[outcome.status]}`;
    case 'held_already':
      return `it had it already · ${DOMAIN_STATUS_TEXT[outcome.status]}`;
    case 'taken':
      return ':no_entry: not added: an organization in Scalekit already has it (left with it)';
    case 'rejected':
      return ':no_entry: not added: Scalekit takes it from no one (a public e-mail domain?)';
    case 'not_added':
      return ':warning: not added: Scalekit stopped answering';
  }
}

function domainsText(added: NewCustomer): string {
  const done = added.domains.filter((d) => d.outcome === 'added' || d.outcome === 'held_already').length;
  const lines = added.domains.map((d) => `• ${code(d.domain)} · ${outcomeText(d)}`);
  return `*Domains* (${done} of ${added.domains.length} registered)\n${lines.join('\n')}`;
}

/** What `new` (or the form) did: the organization created or found, the alias and channel mapped, each domain, and what was not done. */
export function newCustomerMessage(added: NewCustomer): SlackMessage {
  const { org } = added;
  const name = `*${escapeMrkdwn(org.displayName)}*`;
  const external = org.externalId ? ` · external id ${code(org.externalId)}` : '';
  const headline = added.created
    ? `:white_check_mark: Created ${name} in Scalekit (${code(org.id)}${external}).`
    : `:white_check_mark: Scalekit already has ${name} (${code(org.id)}${external}): mapped it, nothing new created.`;
  const channel = added.channel ? ` <#${added.channel.channelId}> now defaults to it: \`/sso-portal\` alone there sends its link.` : '';
  const blocks: KnownBlock[] = [section(`${headline}\n${code(added.alias)} → ${name}.${channel}`)];
  if (added.domains.length) blocks.push(section(domainsText(added)));
  if (added.interrupted) {
    const missing = added.domains.filter((d) => d.outcome === 'not_added').length;
    const retry = org.externalId ? ', or add the customer again with the same external id: this organization is mapped again and only what is missing is added' : '';
    blocks.push(section(`:warning: Scalekit stopped answering part way: ${missing} of ${count(added.domains.length, 'domain')} not added. Add them in Scalekit's dashboard${retry}.`));
  }
  const button: ActionsBlock = {
    type: 'actions',
    elements: [{ type: 'button', action_id: SEND_FIRST_LINK_ACTION, text: { type: 'plain_text', text: 'Send the first link' }, style: 'primary', value: added.alias }],
  };
  blocks.push(button, context(`${code(`/sso-portal status ${added.alias}`)} shows its setup and its domains' verification.`));
  const text = added.created ? `Created ${escapeMrkdwn(org.displayName)} in Scalekit` : `Mapped ${escapeMrkdwn(org.displayName)}`;
  return { text, blocks };
}
