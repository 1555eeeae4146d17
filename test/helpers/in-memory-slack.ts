// What the use cases ask of Slack, held in memory: the people directory and the message sender.
import type { OwedMessage, Reminder, SetupCompleted } from '../../src/core/outbox/message.js';
import { UndeliverableError, type MessageSender, type SlackDirectory } from '../../src/core/ports.js';

export class InMemorySlackDirectory implements SlackDirectory {
  /** When set, user group look-ups fail as the Web API does when Slack is down. */
  unavailable = false;
  /** Every user group look-up asked for, in order (failed ones included). */
  readonly groupLookUps: string[] = [];

  constructor(
    private readonly groups: Record<string, string[]> = {},
    private readonly names: Record<string, string> = {},
  ) {}

  setGroup(groupId: string, members: string[]): void {
    this.groups[groupId] = members;
  }

  async usergroupMembers(groupId: string): Promise<string[]> {
    this.groupLookUps.push(groupId);
    if (this.unavailable) throw new Error('An API error occurred: service_unavailable');
    const members = this.groups[groupId];
    if (!members) throw new Error('An API error occurred: no_such_subteam');
    return [...members];
  }

  async userName(userId: string): Promise<string> {
    return this.names[userId] ?? userId;
  }
}

/** Keeps what it was asked to send instead of sending it; refuses while `unavailable`, as Slack in an outage. */
export class RecordingSender implements MessageSender {
  readonly messages: OwedMessage[] = [];
  unavailable = false;
  /** Refuses for good, as Slack does a channel that no longer exists. */
  refusing = false;

  async send(message: OwedMessage): Promise<void> {
    if (this.unavailable) throw new Error('An API error occurred: internal_error');
    if (this.refusing) throw new UndeliverableError('Slack refuses it: channel_not_found');
    this.messages.push(structuredClone(message));
  }

  /** What the issuers were told of finished setups, in their direct messages. */
  get sent(): SetupCompleted[] {
    return this.messages.flatMap((message) => (message.kind === 'setup_completed' && 'userId' in message.to ? [message.facts] : []));
  }

  /** The reminders sent. */
  get reminders(): Reminder[] {
    return this.messages.flatMap((message) => (message.kind === 'reminder' ? [message.facts] : []));
  }
}
