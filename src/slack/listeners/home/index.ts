import type { AllMiddlewareArgs, App, BlockAction, BlockOverflowAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { HOME_ACTIONS, readRowChoice, type RowChoice } from '../../blocks/home.js';
import { HOME_CONFIRM_CALLBACK_ID, homeConfirmModal, type ConfirmedAction } from '../../blocks/home-confirm.js';
import { issueModal } from '../../blocks/issue-modal.js';
import { extendedMessage, replacedMessage, revokedMessage } from '../../blocks/link-changes.js';
import type { SlackMessage } from '../../blocks/mrkdwn.js';
import { statusMessage } from '../../blocks/status.js';
import { failureMessage } from '../../failure.js';
import type { HomeTab } from '../../home-tab.js';
import { notUnderstood } from '../../not-understood.js';
import { tellPrivately } from '../../tell-privately.js';
import type { SlackServices } from '../../services.js';
import type { TeamFilter } from '../../../core/board/service.js';
import type { WebClient } from '@slack/web-api';

const teamFilter = z.object({ issuerId: z.string().optional(), stage: z.enum(['sent', 'opened', 'portal', 'sso', 'directory', 'attention', 'finished']).optional() });
const confirmed = z.object({ action: z.enum(['replace', 'revoke']), linkId: z.string() });

/** What the view showed last: its filters, read without trusting them (a person may only narrow what they may see anyway). */
function shownFilter(body: BlockAction): TeamFilter {
  try {
    return teamFilter.parse(JSON.parse(body.view?.private_metadata ?? '{}'));
  } catch {
    return {};
  }
}

/** A confirmation's metadata as homeConfirmModal wrote it; undefined when it is not (no Slack client changes it). */
function readConfirmed(metadata: string): z.infer<typeof confirmed> | undefined {
  try {
    const parsed = confirmed.safeParse(JSON.parse(metadata));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A Home tab has no response URL nor channel: answers go to the person's direct message with the bot. */
const tell = (client: WebClient, userId: string, message: SlackMessage) => tellPrivately(client, { userId, channelId: null }, message);

/** The Home tab: published when opened, narrowed by an admin's filters, and a menu on each customer. */
export function registerHome(app: App, services: SlackServices, home: HomeTab): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab === 'home') await home.publish(event.user);
  });

  const onFilter = (choose: (body: BlockAction, filter: TeamFilter) => TeamFilter) =>
    async ({ ack, body }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
      await ack();
      await home.publish(body.user.id, choose(body, shownFilter(body)));
    };
  app.action(HOME_ACTIONS.csm, onFilter((body, filter) => ({ ...filter, issuerId: (body.actions[0] as { selected_user?: string }).selected_user ?? undefined })));
  app.action(HOME_ACTIONS.stage, onFilter((body, filter) => {
    const value = (body.actions[0] as { selected_option?: { value: string } }).selected_option?.value;
    const stage = teamFilter.shape.stage.safeParse(value === 'all' ? undefined : value);
    return { ...filter, stage: stage.success ? stage.data : undefined };
  }));
  app.action(HOME_ACTIONS.everyone, onFilter((_, filter) => ({ ...filter, issuerId: undefined })));

  app.action<BlockOverflowAction>(HOME_ACTIONS.row, async ({ ack, action, body, client, logger }) => {
    await ack();
    const userId = body.user.id;
    const read = readRowChoice(action.selected_option.value);
    // No menu of the tab offers it: a forged or garbled choice is said so, never silently dropped.
    if (!read) return notUnderstood(client, logger, { what: `block action "${HOME_ACTIONS.row}"`, sender: { userId, channelId: null } }, 'the menu choice is none the Home tab offers');
    try {
      const answer = await rowChoice(read.choice, read.subject, { userId, teamId: body.team?.id ?? '', triggerId: body.trigger_id }, services, client);
      if (answer) await tell(client, userId, answer);
    } catch (error) {
      await tell(client, userId, failureMessage(error, logger));
    }
  });

  app.view({ callback_id: HOME_CONFIRM_CALLBACK_ID, type: 'view_submission' }, async ({ ack, body, view, client, logger }) => {
    await ack();
    const userId = body.user.id;
    const read = readConfirmed(view.private_metadata);
    if (!read) return notUnderstood(client, logger, { what: `view_submission "${HOME_CONFIRM_CALLBACK_ID}"`, sender: { userId, channelId: null } }, 'its metadata is not the confirmation the Home tab made');
    try {
      await tell(client, userId, await endLink(read.action, read.linkId, userId, services));
    } catch (error) {
      await tell(client, userId, failureMessage(error, logger));
    }
  });
}

/** What a row's menu choice does; an answer to send, or null when a form opened instead. */
async function rowChoice(choice: RowChoice, subject: string, { userId, teamId, triggerId }: { userId: string; teamId: string; triggerId: string }, services: SlackServices, client: WebClient): Promise<SlackMessage | null> {
  switch (choice) {
    case 'send':
      await client.views.open({ trigger_id: triggerId, view: issueModal({ channelId: null, customer: subject }) });
      return null;
    case 'extend':
      return extendedMessage(await services.extender.extend(subject, userId), services.now());
    case 'replace':
    case 'revoke':
      await client.views.open({ trigger_id: triggerId, view: homeConfirmModal(choice, subject) });
      return null;
    case 'status':
      // The sender's words (an alias, an org id, ext:) need no channel to resolve.
      return statusMessage(await services.status.status(userId, subject, { teamId, channelId: null }));
  }
}

function endLink(action: ConfirmedAction, linkId: string, userId: string, services: SlackServices): Promise<SlackMessage> {
  return action === 'revoke'
    ? services.revoker.revoke(linkId, userId).then(revokedMessage)
    : services.replacer.replace(linkId, userId).then((replacement) => replacedMessage(replacement, userId, services.now()));
}
