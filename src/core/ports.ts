// The outside world as the use cases see it. Adapters in src/scalekit and src/db implement
// these; nothing here knows about Slack, HTTP, gRPC or Prisma.
import type { SetupPart } from './links/events.js';
import type { IssuedLink, LinkEvent, LinkEventType, LinkKind, LinkRecord, LinkSummary, NewIssuedLink, NewLinkRecord } from './links/link.js';
import type { ChainHead } from './audit/chain.js';
import type { BoardLink } from './board/board.js';
import type { AuditSubject, StoredEntry } from './audit/verify.js';
import type { LinkScope } from './links/scope.js';
import type { ClaimedMessage, MessageClaim, NewOwedMessage, OwedMessage, ReminderReason } from './outbox/message.js';

// Scalekit's port and its errors have a file of their own; they are part of this one.
export * from './scalekit-port.js';

/** Slack will never take this message as it is (no such channel, an archived one, blocks it refuses): retrying is pointless. */
export class UndeliverableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UndeliverableError';
  }
}

export interface OrgMapping {
  alias: string;
  orgId: string;
  externalId: string | null;
  displayName: string;
  createdBy: string;
  createdAt: Date;
}

export interface MappingRepository {
  /**
   * Creates or replaces the mapping for `alias`; with `channel`, also points that channel at it
   * (replacing any earlier mapping of the channel), all or nothing.
   */
  save(mapping: Omit<OrgMapping, 'createdAt'>, channel?: { teamId: string; channelId: string }): Promise<OrgMapping>;
  /** Removes the alias and its channel mappings, `by` this person; false if there was none. */
  remove(alias: string, by: string): Promise<boolean>;
  find(alias: string): Promise<OrgMapping | null>;
  findByChannel(teamId: string, channelId: string): Promise<OrgMapping | null>;
  /** Every alias, ordered by alias, with the channels mapped to it. */
  list(): Promise<Array<OrgMapping & { channelIds: string[] }>>;
}

/** Which links a listing covers; every field given narrows it. */
export interface LinkFilter {
  orgId?: string;
  issuerId?: string;
  outcome?: LinkRecord['outcome'];
  kind?: LinkKind;
  scopes?: readonly LinkScope[];
}

/** A time range: from `since` (inclusive) to `until` (exclusive). */
export interface TimeRange {
  since?: Date;
  until?: Date;
}

/** An event as stored, with its id: the tie-breaker of its place in the log. */
export type LoggedEvent = LinkEvent & { id: number };

export interface LinkRepository {
  create(link: NewLinkRecord): Promise<void>;
  findById(id: string): Promise<LinkRecord | null>;
  findByTokenHash(tokenHash: string): Promise<LinkRecord | null>;
  /**
   * Newest first by (createdAt, id), issued and failed attempts alike, created in `range`; with
   * `before`, only links after that one in this order (the next page). The bound parameters stay
   * few whatever the limit.
   */
  recent(filter: LinkFilter & TimeRange & { before?: { createdAt: Date; id: string }; limit: number }): Promise<LinkSummary[]>;
  events(linkId: string): Promise<LinkEvent[]>;
  /**
   * Events oldest first by (createdAt, id), of the links `links` covers (or of `linkId`), of
   * `type`, at a time in `range`; with `after`, only those after that event (the next page).
   */
  eventLog(filter: TimeRange & { links?: LinkFilter; linkId?: string; type?: string; after?: { createdAt: Date; id: number }; limit: number }): Promise<LoggedEvent[]>;
  countEvents(linkId: string, type: LinkEventType): Promise<number>;
  /**
   * Of the links and failed attempts created since `since` (of `issuerId` only, when given), those
   * the board tells each customer's state from: every organization's newest attempt and newest
   * issued link, every attempt not resolved to an organization, and for each of those the same
   * sender's newest resolved link with the same words typed (trimmed, any case), newest first; each with its first view, portal
   * sessions, the parts finished through it, and the last reminder sent through any of these
   * links to its organization (its own, unresolved). A few set-based queries, whatever the number
   * of links.
   */
  forBoard(query: { since: Date; issuerId?: string }): Promise<BoardLink[]>;
  addEvent(event: Omit<LinkEvent, 'createdAt'> & { createdAt?: Date }): Promise<void>;
  /**
   * Records, once per link and part, that the issuer is being told the part is set up (with an
   * `issuer_notified` event), and writes the messages that tell them to the outbox in the same
   * transaction; false (and nothing written) if that was already claimed.
   */
  claimSetupNotice(input: { linkId: string; part: SetupPart; actor: string; messages: NewOwedMessage[] }): Promise<boolean>;
  /** Remembers where the link was posted for everyone, so that later news can go to its thread. */
  recordPost(input: { linkId: string; channelId: string; ts: string }): Promise<void>;
  /** Marks an issued link revoked and records a `revoked` event in one transaction; false if already revoked, unknown or a failed attempt. */
  revoke(input: { linkId: string; by: string; at: Date }): Promise<boolean>;
  /**
   * Moves an issued, unrevoked link's expiry from `from` to `to` and records an `extended` event
   * (detail: extensionDetail of both) in one transaction; false if the link is revoked, unknown,
   * a failed attempt, or no longer expires at `from` (someone extended it first).
   */
  extend(input: { linkId: string; from: Date; to: Date; by: string; at: Date }): Promise<boolean>;
  /**
   * Writes `fresh` (where the old one was `posted`), marks the link revoked and replaced by it, and records a `replaced` event
   * (detail: the fresh link's id) in one transaction; false, writing nothing, if the link is
   * already revoked (or replaced), unknown or a failed attempt.
   */
  replace(input: { linkId: string; fresh: NewIssuedLink; posted: IssuedLink['posted']; by: string; at: Date }): Promise<boolean>;
}

/** A Scalekit webhook event about an organization's SSO or directory setup. */
export interface OrgEvent {
  /** Scalekit's event id (`evt_...`): a redelivery carries the same one. */
  id: string;
  orgId: string;
  /** e.g. `organization.sso_enabled`. */
  type: string;
  occurredAt: Date;
  receivedAt: Date;
}

export interface OrgEventRepository {
  /** Stores the event; false if one with its id is already stored (a redelivery). */
  record(event: Omit<OrgEvent, 'receivedAt'>): Promise<boolean>;
  /** The organization's newest events (by occurrence) first. */
  latest(orgId: string, limit: number): Promise<OrgEvent[]>;
  /** Every event of these organizations, newest (by occurrence) first. */
  forOrgs(orgIds: readonly string[]): Promise<OrgEvent[]>;
}

/** The parts of a customer's setup finished, each with when it first was. */
export type PartsDone = Partial<Record<SetupPart, Date>>;

/** Which live hosted links are due a reminder, as moments computed from now (see links/reminders.ts). */
export interface ReminderQuery {
  now: Date;
  /** unopened: issued at or before this and never viewed. */
  unopenedIssuedBy: Date;
  /** expiring: expires at or before this. */
  expiringBy: Date;
  /** stalled: a portal session was minted, the last one at or before this. */
  stalledSince: Date;
  /** At most this many links per reason. */
  limit: number;
}

/** A link due a reminder, with what the bot recorded of it. */
export interface DueReminder {
  reason: ReminderReason;
  link: IssuedLink;
  views: number;
  sessions: number;
  lastSessionAt: Date | null;
}

export interface ReminderRepository {
  /**
   * Links due a reminder and not yet reminded for that reason: live (issued, hosted, not revoked,
   * not expired), not finished, reminders not turned off. A few set-based queries, whatever the
   * number of links.
   */
  due(query: ReminderQuery): Promise<DueReminder[]>;
  /**
   * Claims each (link, reason) once, with a `reminded` event and its message to the outbox in the
   * same transaction; a reminder claimed already (by another replica) is skipped. A claim without
   * a message settles the reminder unsent (the customer finished through another link). Returns
   * how many this call claimed.
   */
  claim(reminders: Array<{ linkId: string; reason: ReminderReason; at: Date; message: NewOwedMessage | null }>): Promise<number>;
  /** The parts of the setup each organization finished through any link sent to it (a setup notice was claimed), and when first. */
  partsDoneByOrg(orgIds: readonly string[]): Promise<Map<string, PartsDone>>;
  /** Turns reminders off for an issued link, with a `reminders_off` event; false if already off or no such link. */
  turnOff(input: { linkId: string; by: string; at: Date }): Promise<boolean>;
}

/** The audit chain read back (see audit/verify.ts). */
export interface AuditReader {
  /** The chain's last entry; null before the chain was started. */
  head(): Promise<ChainHead | null>;
  /** Up to `limit` entries after `afterSeq`, in chain order, each with its row's content hash now. */
  entries(afterSeq: number, limit: number): Promise<StoredEntry[]>;
  /** Rows written and not yet chained. */
  pending(): Promise<number>;
  /** A row (link, event, mapping change) marked as chained that has no entry in the chain, if there is one. */
  unchained(): Promise<AuditSubject | null>;
}

/** The audit chain (see audit/chain.ts): sealed shortly after each write, read back to verify it. */
export interface AuditRepository extends AuditReader {
  /** Runs `read` on one consistent snapshot of the trail (what sealing and retention do meanwhile is not seen). */
  snapshot<T>(read: (reader: AuditReader) => Promise<T>): Promise<T>;
  /** Chains every row written and not yet chained (any replica may call it: they queue); returns how many. */
  seal(): Promise<number>;
  /**
   * Removes up to `limit` links whose last activity (issue, expiry, any event) was before
   * `lastActivityBefore`, oldest first, with their events, and appends a retention entry that
   * accounts for their chain entries, all in one transaction. Returns what it removed.
   */
  prune(input: { lastActivityBefore: Date; limit: number }): Promise<{ links: number; events: number }>;
}

/** Everything the database offers the rest of the bot. */
export interface Database {
  audit: AuditRepository;
  mappings: MappingRepository;
  links: LinkRepository;
  orgEvents: OrgEventRepository;
  outbox: OutboxRepository;
  reminders: ReminderRepository;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Resolves when a link could be written now (an insert that selects no row: it fails whenever issuing would, and writes nothing); rejects with the database's error. */
  checkLinkWrites(): Promise<void>;
  /** The migrations this code ships that the database has not applied. */
  missingMigrations(): Promise<string[]>;
  close(): Promise<void>;
}

/** What the bot asks Slack about people. */
export interface SlackDirectory {
  /** Member user ids of a user group (S...). */
  usergroupMembers(groupId: string): Promise<string[]>;
  /** A person's name for audit records; falls back to the id. */
  userName(userId: string): Promise<string>;
}

/** The messages the bot owes, waiting to be delivered. Messages are written by the repository call that records their cause. */
export interface OutboxRepository {
  /**
   * Up to `limit` messages due by `now`, each claimed for `leaseMs`: no other caller, in this
   * process or another replica, gets it until the lease ends or it is marked.
   */
  claimDue(input: { now: Date; limit: number; leaseMs: number }): Promise<ClaimedMessage[]>;
  // What became of a claimed message; ignored when a later claim took it (this worker's lease ran out).
  markSent(claimed: MessageClaim, at: Date): Promise<void>;
  retryLater(claimed: MessageClaim, input: { attempts: number; error: string; nextAttemptAt: Date }): Promise<void>;
  markFailed(claimed: MessageClaim, input: { attempts: number; error: string }): Promise<void>;
  /** Gives a claimed message back unsent and unchanged (a worker stopping), so the next round anywhere takes it at once. */
  release(claimed: MessageClaim): Promise<void>;
  /** Deletes messages settled (sent, failed or withdrawn) that were written before `before`; returns how many. */
  purge(before: Date): Promise<number>;
  /** How many messages wait to be sent, and when the oldest of those due by `now` was written (null: none due). */
  backlog(now: Date): Promise<{ pending: number; oldestDueAt: Date | null }>;
}

/** Sends an owed message; throws when it was not delivered (UndeliverableError when it never will be). */
export interface MessageSender {
  send(message: OwedMessage): Promise<void>;
}
