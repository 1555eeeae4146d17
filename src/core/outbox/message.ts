// Messages the bot owes people outside a command's reply, as facts: the Slack edge words them.
import type { SetupPart } from '../links/events.js';

/** A person's direct message with the bot, or the thread of a message in a channel. */
export type Recipient = { userId: string } | { channelId: string; threadTs: string };

/** A part of the customer's setup that just finished, for the person who sent them the link. */
export interface SetupCompleted {
  issuerId: string;
  orgName: string;
  linkId: string;
  part: SetupPart;
  /** `scalekit`: a signed webhook; `page`: reported by the hosted page (not verified). */
  source: 'scalekit' | 'page';
}

/** Why the issuer is reminded of a link: see reminders.ts. */
export const REMINDER_REASONS = ['unopened', 'expiring', 'stalled'] as const;
export type ReminderReason = (typeof REMINDER_REASONS)[number];

/** A nudge about a link that is not getting the customer over the line, with what happened so far. */
export interface Reminder {
  issuerId: string;
  orgName: string;
  linkId: string;
  reason: ReminderReason;
  // Times as ISO 8601 text: the outbox keeps facts as JSON.
  issuedAt: string;
  expiresAt: string;
  views: number;
  sessions: number;
  /** When the customer last opened the portal, if they did. */
  lastSessionAt: string | null;
  /** The parts the bot knows are set up (from Scalekit's webhooks and the page's reports). */
  partsDone: SetupPart[];
}

export type OwedMessage =
  | { kind: 'setup_completed'; to: Recipient; facts: SetupCompleted }
  | { kind: 'reminder'; to: Recipient; facts: Reminder };

/** A message as it is written to the outbox: its id is the dedupe key (one per fact and recipient). */
export interface NewOwedMessage {
  id: string;
  message: OwedMessage;
  createdAt: Date;
}

/** A message a worker has claimed for sending. */
export interface ClaimedMessage extends NewOwedMessage {
  /** Earlier failed attempts. */
  attempts: number;
  /** This claim's mark: what is recorded with it counts only while no later claim took the message. */
  claim: number;
}

/** A claimed message, as its worker records what became of it. */
export type MessageClaim = Pick<ClaimedMessage, 'id' | 'claim'>;
