// The bot's direct messages: one DM per user, `D` + the user id without its `U`/`W`, the same
// whether the bot posts to the user id or to the D id conversations.open handed out.

export interface DirectMessages {
  /** The conversation a channel argument names: a user id becomes the D id of their DM with the bot. */
  conversationId(channel: string): string;
  /** The user whose DM with the bot this D id is, if it is one. */
  userOf(channelId: string): string | undefined;
}

/** The id of the bot's DM with a user: `D` + the user id without its `U`/`W`. */
export const dmChannelId = (userId: string): string => `D${userId.slice(1)}`;

export function createDirectMessages(userIds: string[]): DirectMessages {
  const users = new Map<string, string>(); // D id → user id
  const dmChannel = (userId: string): string => {
    const id = dmChannelId(userId);
    users.set(id, userId);
    return id;
  };
  for (const userId of userIds) dmChannel(userId);
  return {
    conversationId: (channel) => (/^[UW][A-Z0-9]+$/.test(channel) ? dmChannel(channel) : channel),
    userOf: (channelId) => users.get(channelId),
  };
}
