import type { KnownBlock } from '@slack/web-api';
import type { RecordedOrgEvent } from '../../core/org-events.js';
import type { OrgEvent, OrgIntegration } from '../../core/ports.js';
import type { SetupState, SetupStatus } from '../../core/setup-status.js';
import { linkLine } from './links-list.js';
import { context, escapeMrkdwn, section, slackDate, type SlackMessage } from './mrkdwn.js';

const STATE_TEXT: Record<SetupState, (part: string) => string> = {
  done: (part) => `:white_check_mark: ${part} is set up`,
  not_done: (part) => `:hourglass_flowing_sand: ${part} is not set up yet`,
  unknown: (part) => `:grey_question: ${part}: unknown`,
};

const EVENT_TEXT: Record<RecordedOrgEvent, string> = {
  'organization.sso_created': ':heavy_plus_sign: SSO connection created',
  'organization.sso_enabled': ':white_check_mark: SSO enabled',
  'organization.sso_disabled': ':heavy_minus_sign: SSO disabled',
  'organization.sso_deleted': ':wastebasket: SSO connection deleted',
  'organization.directory_enabled': ':white_check_mark: directory sync enabled',
  'organization.directory_disabled': ':heavy_minus_sign: directory sync disabled',
};

function integrationLine(item: OrgIntegration): string {
  const state = item.enabled ? ':large_green_circle: enabled' : ':white_circle: disabled';
  return `• ${escapeMrkdwn(item.provider)} ${escapeMrkdwn(item.type)} · ${escapeMrkdwn(item.status.toLowerCase().replace(/_/g, ' '))} · ${state} \`${escapeMrkdwn(item.id)}\``;
}

function integrations(title: string, items: OrgIntegration[]): string {
  return `*${title}*\n${items.length ? items.map(integrationLine).join('\n') : 'None yet.'}`;
}

function eventLine(event: OrgEvent): string {
  const text = EVENT_TEXT[event.type as RecordedOrgEvent] ?? escapeMrkdwn(event.type);
  return `${text} · ${slackDate(event.occurredAt, '{date_short} {time}')}`;
}

/** `status`: has the customer finished setup, per Scalekit, its webhooks, and the last link sent. */
export function statusMessage(status: SetupStatus): SlackMessage {
  const { org, scalekit } = status;
  const title = `Setup status for ${org.displayName}`;
  const source = scalekit.state === 'ok' ? '' : ' (from the last webhook events)';
  const blocks: KnownBlock[] = [
    section(`*${escapeMrkdwn(title)}* \`${escapeMrkdwn(org.id)}\`\n${STATE_TEXT[status.sso]('SSO')} · ${STATE_TEXT[status.directory]('Directory sync')}${source}`),
  ];
  if (scalekit.state === 'ok') {
    blocks.push(section(integrations('SSO connections', scalekit.connections)), section(integrations('Directories', scalekit.directories)));
  } else if (scalekit.state === 'unavailable') {
    blocks.push(section(":warning: Scalekit is not answering right now, so its connections and directories are missing here. The rest is what the bot has recorded."));
  } else {
    blocks.push(section(`:warning: Scalekit no longer has the organization \`${escapeMrkdwn(org.id)}\`. An admin may need to map the customer again.`));
  }
  blocks.push(
    section(`*Latest events from Scalekit*\n${status.events.length ? status.events.map(eventLine).join('\n') : 'No webhook events received yet.'}`),
    section(`*Last link*\n${status.lastLink ? linkLine(status.lastLink) : 'No link sent to this customer yet.'}`),
    context('`/sso-portal links <customer>` lists every link · `/sso-portal <customer>` sends a new one.'),
  );
  return { text: escapeMrkdwn(title), blocks };
}
