import {
  App,
  defaultProcessEventErrorHandler,
  HTTPModuleFunctions,
  type AppOptions,
  type ReceiverEvent,
  type ReceiverProcessEventErrorHandlerArgs,
  type SocketModeReceiverProcessEventErrorHandlerArgs,
} from '@slack/bolt';
import { inSlackRequest } from '../logger.js';
import type { WorkInFlight } from '../work-in-flight.js';
import { clip, notUnderstood } from './not-understood.js';
import { requestProblem, requestTraits } from './request-shapes.js';

/** A request that arrived once a shutdown began. */
class ShuttingDown extends Error {
  constructor() {
    super('the bot is shutting down');
    this.name = 'ShuttingDown';
  }
}

/**
 * The HTTP receiver's answer to a request processEvent refused: 503 for one that came during a
 * shutdown (no error to log: it is expected), Bolt's own answer to anything else.
 */
export async function refusedRequestAnswer(args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
  if (!(args.error instanceof ShuttingDown) || args.response.headersSent) return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
  args.response.writeHead(503, { Connection: 'close', 'Retry-After': '5' });
  args.response.end();
  return true;
}

/** Socket Mode's: a request refused during a shutdown is left unacknowledged (Slack sends it again), without an error logged. */
export async function refusedSocketRequest(args: SocketModeReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
  if (args.error instanceof ShuttingDown) return false;
  return defaultProcessEventErrorHandler(args);
}

/**
 * Bolt reads a request's user, view and actions before any middleware runs (when they are
 * missing it answers HTTP 500), and leaves a request no listener acknowledges to time out (HTTP
 * 404 after 3 s; over Socket Mode, no answer at all). This App checks each request's shape before
 * Bolt dispatches it, and acknowledges at once whatever it or the listeners could not take:
 * logged, and the sender told when the request names one. Both receivers go through here.
 *
 * Listener work goes on after the ack (the reply comes later): it is counted in `work`, which a
 * shutdown waits for; once a shutdown began, requests are refused.
 */
export class GuardedApp extends App {
  private readonly work: WorkInFlight;

  constructor({ work, ...options }: AppOptions & { work: WorkInFlight }) {
    super(options);
    this.work = work;
  }

  override async processEvent(event: ReceiverEvent): Promise<void> {
    // Refused at once (503, not an ack): Slack redelivers an event, and tells the sender of a
    // command that it failed.
    if (!this.work.open) throw new ShuttingDown();
    const done = inSlackRequest(() => this.guardedProcess(event));
    this.work.track(done);
    return done;
  }

  private async guardedProcess(event: ReceiverEvent): Promise<void> {
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
