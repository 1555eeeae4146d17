import type { WebClient } from '@slack/web-api';
import { LRUCache } from 'lru-cache';
import type { SlackDirectory } from '../core/ports.js';

/** People and user groups, from the Slack Web API. Names are cached: they are only for the audit trail. */
export function createSlackDirectory(client: WebClient): SlackDirectory {
  const names = new LRUCache<string, string>({
    max: 5_000,
    ttl: 10 * 60_000,
    fetchMethod: async (userId) => {
      try {
        const { user } = await client.users.info({ user: userId });
        return user?.real_name || user?.profile?.real_name || user?.name || userId;
      } catch {
        return userId; // the audit record keeps the id either way
      }
    },
  });
  return {
    async usergroupMembers(groupId) {
      const { users } = await client.usergroups.users.list({ usergroup: groupId });
      return users ?? [];
    },
    async userName(userId) {
      return (await names.fetch(userId)) ?? userId;
    },
  };
}
