import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/web-api';
import { customerCopyMessage } from '../../blocks/customer-copy.js';
import { LIST_ACTIONS, MESSAGE_ACTIONS, readButtonValue } from '../../blocks/link-actions.js';
import { extendedLinkMessage, extendedMessage, replacedMessage, revokedMessage } from '../../blocks/link-changes.js';
import type { SlackMessage } from '../../blocks/mrkdwn.js';
import { isReminder, reminderAnswered, remindersOffMessage, STOP_REMINDERS_ACTION } from '../../blocks/reminder.js';
import { failureMessage } from '../../failure.js';
import type { SlackServices } from '../../services.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** A press of a link's button. Every part came from the request, so the core checks each. */
interface Press {
  linkId: string;
  shownUrl: string | undefined;
  userId: string;
}

/**
 * `inPlace`: the answer redraws the message the button sits on (the link message, which shows
 * the link, so the new state replaces the old for whoever sees it). Otherwise it is a message of
 * its own for the presser alone: a list shows no address to redraw a link with (and Slack does
 * not send back an ephemeral list's content to redraw it from), and a refusal or failure never
 * changes what others see. A reminder, the presser's own direct message, shows the answer in
 * place of its buttons.
 */
interface Answer {
  message: SlackMessage;
  inPlace: boolean;
}

const inPlace = (message: SlackMessage): Answer => ({ message, inPlace: true });
const apart = (message: SlackMessage): Answer => ({ message, inPlace: false });

function onLinkButton(answer: (press: Press) => Promise<Answer>) {
  return async ({ ack, action, body, respond, logger }: ButtonArgs): Promise<void> => {
    await ack();
    try {
      const { message, inPlace: replace } = await answer({ ...readButtonValue(action.value), userId: body.user.id });
      // A reminder is the presser's own direct message: it shows what became of the link in place of its buttons.
      const shown = (body.message?.blocks ?? []) as KnownBlock[];
      if (!replace && isReminder(shown)) await respond({ replace_original: true, ...reminderAnswered(shown, message) });
      else await respond(replace ? { replace_original: true, ...message } : { response_type: 'ephemeral', replace_original: false, ...message });
    } catch (error) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...failureMessage(error, logger) });
    }
  };
}

/**
 * Extend, Replace, Revoke and Copy for the customer, and a reminder's Stop reminders: the same
 * rules as the commands (the link's issuer or an admin).
 */
export function registerLinkButtons(app: App, services: SlackServices): void {
  const { extender, replacer, revoker, copier, reminderStopper, now } = services;
  const button = (actionId: string, answer: (press: Press) => Promise<Answer>) => app.action<BlockButtonAction>(actionId, onLinkButton(answer));

  button(LIST_ACTIONS.extend, async ({ linkId, userId }) => apart(extendedMessage(await extender.extend(linkId, userId), now())));
  button(LIST_ACTIONS.replace, async ({ linkId, userId }) => apart(replacedMessage(await replacer.replace(linkId, userId), userId, now())));
  button(LIST_ACTIONS.revoke, async ({ linkId, userId }) => apart(revokedMessage(await revoker.revoke(linkId, userId))));

  // The link message's Extend carries the address the message shows, to show it again (checked first).
  button(MESSAGE_ACTIONS.extend, async ({ linkId, shownUrl = '', userId }) =>
    inPlace(extendedLinkMessage(await extender.extend(linkId, userId, { shownUrl }), shownUrl, userId, now())),
  );
  button(MESSAGE_ACTIONS.replace, async ({ linkId, userId }) => inPlace(replacedMessage(await replacer.replace(linkId, userId), userId, now())));
  button(MESSAGE_ACTIONS.revoke, async ({ linkId, userId }) => inPlace(revokedMessage(await revoker.revoke(linkId, userId))));
  button(MESSAGE_ACTIONS.copy, async ({ linkId, shownUrl = '', userId }) => {
    const { link, url } = await copier.copy(linkId, shownUrl, userId);
    return apart(customerCopyMessage(link, url));
  });
  button(STOP_REMINDERS_ACTION, async ({ linkId, userId }) => {
    const { link } = await reminderStopper.stop(linkId, userId);
    return apart(remindersOffMessage(link.id, link.orgName, userId));
  });
}
