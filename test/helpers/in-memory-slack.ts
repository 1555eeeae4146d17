// What the use cases ask of Slack, held in memory: the people directory and the notifier.
import type { SetupCompleted, SetupNotifier, SlackDirectory } from '../../src/core/ports.js';

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

/** Keeps what it was asked to send instead of sending it. */
export class RecordingNotifier implements SetupNotifier {
  readonly sent: SetupCompleted[] = [];

  async setupCompleted(event: SetupCompleted): Promise<void> {
    this.sent.push({ ...event });
  }
}
