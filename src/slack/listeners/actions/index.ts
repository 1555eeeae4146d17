import type { App } from '@slack/bolt';

/** Link buttons still send an action to the app: acknowledge it so Slack shows no error. */
export function registerActions(app: App): void {
  app.action('open_setup_link', async ({ ack }) => {
    await ack();
  });
}
