import type { App, BlockButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/web-api';
import { remindersOffMessage, STOP_REMINDERS_ACTION } from '../../blocks/reminder.js';
import { failureMessage } from '../../failure.js';
import type { SlackServices } from '../../services.js';

/**
 * "Stop reminders for this link" on a reminder: its issuer or an admin. The reminder then says,
 * in place of the button, who turned them off; anyone else is told why not, privately.
 */
export function registerStopReminders(app: App, services: SlackServices): void {
  app.action<BlockButtonAction>(STOP_REMINDERS_ACTION, async ({ ack, action, body, respond, logger }) => {
    await ack();
    try {
      const { link } = await services.reminderStopper.stop(action.value ?? '', body.user.id);
      const shown = (body.message?.blocks ?? []) as KnownBlock[];
      await respond({ replace_original: true, ...remindersOffMessage(shown, link.id, link.orgName, body.user.id) });
    } catch (error) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...failureMessage(error, logger) });
    }
  });
}
