import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { guidesMessage } from '../../blocks/guides.js';
import { extendedMessage, replacedMessage, revokedMessage } from '../../blocks/link-changes.js';
import { linksList } from '../../blocks/links-list.js';
import { newCustomerMessage, NO_CUSTOMER_CREATED } from '../../blocks/new-customer.js';
import { code, escapeMrkdwn, notice, type SlackMessage } from '../../blocks/mrkdwn.js';
import { orgsList } from '../../blocks/orgs-list.js';
import { statusMessage } from '../../blocks/status.js';
import { usage } from '../../blocks/usage.js';
import { exportAudit } from '../../audit-export.js';
import { Refused } from '../../../core/errors.js';
import { CommandSyntaxError, parseCommand, SUBCOMMANDS, type SsoPortalCommand } from '../../command-parser.js';
import type { CommandOutcome } from '../../../metrics/metrics.js';
import { failureMessage } from '../../failure.js';
import { sendLink } from '../../send-link.js';
import type { SlackServices } from '../../services.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type SlashCommand = CommandArgs['command'];

/**
 * `/sso-portal`. Help and syntax errors are answered in the ack itself; everything else is
 * acknowledged at once and answered through `respond` when the slow work is done.
 */
export function ssoPortalCommand(services: SlackServices) {
  return async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    const { metrics } = services;
    let parsed: SsoPortalCommand;
    try {
      parsed = parseCommand(command.text);
    } catch (error) {
      if (!(error instanceof CommandSyntaxError)) throw error;
      await ack({ response_type: 'ephemeral', ...usage(error.message) });
      metrics.commandAnswered(unreadSubcommand(command.text), 'syntax_error');
      return;
    }
    if (parsed.name === 'help' || parsed.name === 'guides') {
      await ack({ response_type: 'ephemeral', ...(parsed.name === 'help' ? usage() : guidesMessage(parsed.idp)) });
      metrics.commandAnswered(parsed.name, 'ok');
      return;
    }
    await ack();
    // Let other commands waiting on the event loop be acknowledged before this one's slow work.
    await new Promise((resolve) => setImmediate(resolve));

    const logger = services.requestLogger();
    if ('linkId' in parsed) logger.aboutLink(parsed.linkId);
    const from = { userId: command.user_id, teamId: command.team_id, channelId: command.channel_id };
    const reply = (message: SlackMessage) => respond({ response_type: 'ephemeral', ...message });
    const answered = (outcome: CommandOutcome) => {
      metrics.commandAnswered(parsed.name, outcome);
      logger.info(`/sso-portal ${parsed.name}: ${outcome}`);
    };
    try {
      if (parsed.name === 'issue') await sendLink(services, client, { ...from, request: parsed.request, post: parsed.post }, reply, logger);
      else if (parsed.name === 'audit') await exportAudit(services, client, { ...from, request: parsed.request }, reply, logger);
      else await respond({ response_type: 'ephemeral', ...(await answer(parsed, command, services)) });
      answered('ok');
    } catch (error) {
      answered(error instanceof Refused ? 'refused' : 'failed');
      await respond({ response_type: 'ephemeral', ...failureMessage(error, logger, consequence(parsed)) });
    }
  };
}

/** A command that could not be read counts under its subcommand when it names one, else `other` (never what was typed). */
function unreadSubcommand(text: string): string {
  const first = text.trim().split(/\s+/)[0]?.toLowerCase();
  return SUBCOMMANDS.find((name) => name === first) ?? 'other';
}

/** The commands answered through `respond` with one message (help and guides are answered in the ack). */
type AnsweredCommand = Exclude<SsoPortalCommand, { name: 'issue' | 'audit' | 'help' | 'guides' }>;

async function answer(parsed: AnsweredCommand, command: SlashCommand, services: SlackServices): Promise<SlackMessage> {
  const userId = command.user_id;
  const where = { teamId: command.team_id, channelId: command.channel_id };
  switch (parsed.name) {
    case 'map': {
      const mapping = await services.mappings.map({
        alias: parsed.alias,
        reference: parsed.reference,
        by: userId,
        channel: parsed.channel ? where : undefined,
      });
      const channel = parsed.channel ? ` This channel now defaults to it: \`/sso-portal\` alone issues its link.` : '';
      return notice(`:white_check_mark: ${code(mapping.alias)} → *${escapeMrkdwn(mapping.displayName)}* (${code(mapping.orgId)}).${channel}`);
    }
    case 'new':
      return newCustomerMessage(await services.newCustomers.add({ by: userId, request: parsed.request, channel: parsed.channel ? where : undefined }));
    case 'unmap':
      await services.mappings.unmap(parsed.alias, userId);
      return notice(`:white_check_mark: ${code(parsed.alias.toLowerCase())} is no longer mapped.`);
    case 'orgs':
      return orgsList(await services.mappings.list(userId));
    case 'links': {
      const { org, links } = await services.recentLinks.list(userId, parsed.org, where);
      return linksList(org ? `Last links for ${org.displayName}` : 'Last links you issued', links);
    }
    case 'status':
      return statusMessage(await services.status.status(userId, parsed.org, where));
    case 'revoke':
      return revokedMessage(await services.revoker.revoke(parsed.linkId, userId));
    case 'extend':
      return extendedMessage(await services.extender.extend(parsed.linkId, userId, { ttlMs: parsed.ttlMs }), services.now());
    case 'replace':
      return replacedMessage(await services.replacer.replace(parsed.linkId, userId), userId, services.now());
  }
}

/** What did not happen when a command fails, e.g. because Scalekit is not answering. */
function consequence(parsed: SsoPortalCommand): string | undefined {
  if (parsed.name === 'issue') return 'no link was issued';
  if (parsed.name === 'audit') return 'no audit was made';
  if (parsed.name === 'new') return NO_CUSTOMER_CREATED;
  // Naming a customer by org id or `ext:` needs Scalekit; an alias does not.
  if ((parsed.name === 'status' || parsed.name === 'links') && parsed.org) return `I could not look up ${code(parsed.org)}; try the customer's alias`;
  return undefined;
}
