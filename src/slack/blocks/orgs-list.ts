import type { ActionsBlock } from '@slack/web-api';
import type { OrgMapping } from '../../core/ports.js';
import { code, context, escapeMrkdwn, section, type SlackMessage } from './mrkdwn.js';
import { newCustomerButton } from './new-customer-modal.js';

/** `orgs` is for admins, who may add a customer from it. */
const addCustomer: ActionsBlock = { type: 'actions', elements: [newCustomerButton()] };

/** `orgs`: every alias and where it points. */
export function orgsList(mappings: Array<OrgMapping & { channelIds: string[] }>): SlackMessage {
  if (!mappings.length) {
    return {
      text: 'No customers mapped yet',
      blocks: [section('No customers mapped yet. Map one: `/sso-portal map acme org_... [--channel]`, or add a new one: `/sso-portal new "Acme Corp"`.'), addCustomer],
    };
  }
  const lines = mappings.map((m) => {
    const external = m.externalId ? ` · ext ${code(m.externalId)}` : '';
    const channels = m.channelIds.length ? ` · ${m.channelIds.map((id) => `<#${id}>`).join(' ')}` : '';
    return `${code(m.alias)} → *${escapeMrkdwn(m.displayName)}* ${code(m.orgId)}${external}${channels}`;
  });
  // A section holds at most 3000 characters; split long lists over several.
  const chunks: string[] = [];
  for (const line of lines) {
    const last = chunks.length - 1;
    if (last >= 0 && (chunks[last] as string).length + line.length < 2900) chunks[last] += `\n${line}`;
    else chunks.push(line);
  }
  return {
    text: `${mappings.length} customers mapped`,
    blocks: [...chunks.map(section), context(`${mappings.length} mapped · ${code('/sso-portal unmap <alias>')} removes one`), addCustomer],
  };
}
