import type { Logger } from '@slack/bolt';
import type { ModalView, WebClient } from '@slack/web-api';
import { failureMessage } from './failure.js';
import { tellPrivately } from './tell-privately.js';

/**
 * Opens the modal `view` makes, on a click's trigger id (which dies 3 s after the click, so
 * nothing slow may come first). When there is no modal to show (a refusal, Slack's error), the
 * person is told privately rather than left with a click that did nothing.
 */
export async function openModal(
  client: WebClient,
  triggerId: string,
  view: () => Promise<ModalView> | ModalView,
  to: { userId: string; channelId: string | null },
  logger: Logger,
): Promise<void> {
  try {
    await client.views.open({ trigger_id: triggerId, view: await view() });
  } catch (error) {
    await tellPrivately(client, to, failureMessage(error, logger)).catch((sendError: unknown) => {
      logger.error(`Could not tell ${to.userId} that the form failed to open: ${String(sendError)}`);
    });
  }
}
