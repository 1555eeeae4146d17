import type { KnownBlock } from '@slack/web-api';
import type { OrgEvent, OrgIntegration } from '../../core/ports.js';
import type { SetupState, SetupStatus } from '../../core/setup-status.js';
import { domainsText } from './domains.js';
import { linkLine } from './links-list.js';
import { code, context, escapeMrkdwn, section, slackDate, type SlackMessage } from './mrkdwn.js';
import { setupEventText } from './setup-events.js';

const STATE_TEXT: Record<SetupState, (part: string) => string> = {
  done: (part) => `:white_check_mark: ${part} is set up`,
  not_done: (part) => `:hourglass_flowing_sand: ${part} is not set up yet`,
  unknown: (part) => `:grey_question: ${part}: unknown`,
};

function integrationLine(item: OrgIntegration): string {
  const state = item.enabled ? ':large_green_circle: enabled' : ':white_circle: disabled';
  return `• ${escapeMrkdwn(item.provider)} ${escapeMrkdwn(item.type)} · ${escapeMrkdwn(item.status.toLowerCase().replace(/_/g, ' '))} · ${state} ${code(item.id)}`;
}

function integrations(title: string, items: OrgIntegration[]): string {
  return `*${title}*\n${items.length ? items.map(integrationLine).join('\n') : 'None yet.'}`;
}

function eventLine(event: OrgEvent): string {
  return `${setupEventText('webhook', event.type)} · ${slackDate(event.occurredAt, '{date_short} {time}')}`;
}

/** `status`: has the customer finished setup, per Scalekit, its webhooks, and the last link sent; and its domains. */
export function statusMessage(status: SetupStatus): SlackMessage {
  const { org, scalekit } = status;
  const title = `Setup status for ${org.displayName}`;
  const source = scalekit.state === 'ok' ? '' : ' (from the last webhook events)';
  const blocks: KnownBlock[] = [
    section(`*${escapeMrkdwn(title)}* ${code(org.id)}\n${STATE_TEXT[status.sso]('SSO')} · ${STATE_TEXT[status.directory]('Directory sync')}${source}`),
  ];
  if (scalekit.state === 'ok') {
    blocks.push(section(integrations('SSO connections', scalekit.connections)), section(integrations('Directories', scalekit.directories)));
  } else if (scalekit.state === 'unavailable') {
    blocks.push(section(":warning: Scalekit is not answering right now, so its connections and directories are missing here. The rest is what the bot has recorded."));
  } else {
    blocks.push(section(`:warning: Scalekit no longer has the organization ${code(org.id)}. An admin may need to map the customer again.`));
  }
  blocks.push(
    section(domainsText(status.domains)),
    section(`*Latest events from Scalekit*\n${status.events.length ? status.events.map(eventLine).join('\n') : 'No webhook events received yet.'}`),
    section(`*Last link*\n${status.lastLink ? linkLine(status.lastLink) : 'No link sent to this customer yet.'}`),
    context(`${code('/sso-portal links <customer>')} lists every link · ${code('/sso-portal <customer>')} sends a new one.`),
  );
  return { text: escapeMrkdwn(title), blocks };
}
