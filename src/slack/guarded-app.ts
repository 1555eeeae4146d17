import { App, type ReceiverEvent } from '@slack/bolt';
import { clip, notUnderstood } from './not-understood.js';
import { requestProblem, requestTraits } from './request-shapes.js';

/**
 * Bolt reads a request's user, view and actions before any middleware runs (when they are
 * missing it answers HTTP 500), and leaves a request no listener acknowledges to time out (HTTP
 * 404 after 3 s; over Socket Mode, no answer at all). This App checks each request's shape before
 * Bolt dispatches it, and acknowledges at once whatever it or the listeners could not take:
 * logged, and the sender told when the request names one. Both receivers go through here.
 */
export class GuardedApp extends App {
  override async processEvent(event: ReceiverEvent): Promise<void> {
    const problem = requestProblem(event.body);
    if (problem) return this.notUnderstood(event, problem);
    let acknowledged = false;
    const ack = async (response?: Parameters<ReceiverEvent['ack']>[0]) => {
      acknowledged = true;
      await event.ack(response);
    };
    try {
      await super.processEvent({ ...event, ack });
    } catch (error) {
      // A listener failed before it acknowledged: Slack still gets its prompt 200; Bolt logs the error.
      if (!acknowledged) await event.ack();
      throw error;
    }
    // Every listener has run by now: none took it (an action, form or shortcut id the app does not know).
    if (!acknowledged) await this.notUnderstood(event, 'no listener takes it');
  }

  private async notUnderstood(event: ReceiverEvent, problem: string): Promise<void> {
    const { kind, name, sender } = requestTraits(event.body);
    const what = name === undefined ? kind : `${kind} ${JSON.stringify(clip(name))}`;
    await event.ack();
    await notUnderstood(this.client, this.logger, { what, sender }, problem);
  }
}
