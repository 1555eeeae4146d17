import type { App } from '@slack/bolt';
import type { SlackServices } from '../../services.js';
import { registerLinkButtons } from './link-buttons.js';
import { registerNewCustomerButtons } from './new-customer-buttons.js';

export function registerActions(app: App, services: SlackServices): void {
  // Link buttons still send an action to the app: acknowledge it so Slack shows no error.
  app.action('open_setup_link', async ({ ack }) => {
    await ack();
  });

  registerLinkButtons(app, services);
  registerNewCustomerButtons(app, services);
}
