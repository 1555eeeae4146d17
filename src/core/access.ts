import { LRUCache } from 'lru-cache';
import type { SlackDirectory } from './ports.js';

const GROUP_CACHE_TTL_MS = 60_000;

/**
 * Who may issue links and who may administer mappings. Entries are user ids (U/W...) or user
 * group ids (S...); group members are fetched from Slack and cached for a minute.
 * Admins may always issue.
 */
export class AccessPolicy {
  private readonly groupMembers: LRUCache<string, Set<string>>;

  constructor(
    private readonly issuers: readonly string[],
    private readonly admins: readonly string[],
    private readonly directory: SlackDirectory,
    now: () => Date,
  ) {
    this.groupMembers = new LRUCache({
      max: 500,
      ttl: GROUP_CACHE_TTL_MS,
      // The injected clock, read on every look-up.
      perf: { now: () => now().getTime() },
      ttlResolution: 0,
      // When Slack fails to answer, the last known members still count.
      allowStaleOnFetchRejection: true,
      noDeleteOnFetchRejection: true,
      fetchMethod: async (groupId) => new Set(await this.directory.usergroupMembers(groupId)),
    });
  }

  async isAdmin(userId: string): Promise<boolean> {
    return this.isListed(userId, this.admins);
  }

  async canIssue(userId: string): Promise<boolean> {
    // People listed by id need no call to Slack, so a user-group outage cannot lock them out.
    if (this.issuers.includes(userId) || this.admins.includes(userId)) return true;
    return (await this.isListed(userId, this.issuers)) || (await this.isListed(userId, this.admins));
  }

  private async isListed(userId: string, entries: readonly string[]): Promise<boolean> {
    if (entries.includes(userId)) return true;
    for (const groupId of entries.filter((entry) => entry.startsWith('S'))) {
      const members = await this.groupMembers.fetch(groupId);
      if (members?.has(userId)) return true;
    }
    return false;
  }
}
