import type { App, BlockButtonAction } from '@slack/bolt';
import { revokedMessage } from '../../blocks/link-changes.js';
import { REVOKE_ACTION } from '../../blocks/links-list.js';
import { failureMessage } from '../../failure.js';
import type { SlackServices } from '../../services.js';

export function registerActions(app: App, services: SlackServices): void {
  // Link buttons still send an action to the app: acknowledge it so Slack shows no error.
  app.action('open_setup_link', async ({ ack }) => {
    await ack();
  });

  // The Revoke button of `links`: the same rules as `/sso-portal revoke` (its issuer or an admin).
  app.action<BlockButtonAction>(REVOKE_ACTION, async ({ ack, action, body, respond, logger }) => {
    await ack();
    try {
      const link = await services.revoker.revoke(action.value ?? '', body.user.id);
      await respond({ response_type: 'ephemeral', replace_original: false, ...revokedMessage(link) });
    } catch (error) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...failureMessage(error, logger) });
    }
  });
}
