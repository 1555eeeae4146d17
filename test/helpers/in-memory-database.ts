// The Database port held in memory, for use-case tests that run in milliseconds. The contract
// suite (test/contract/database.contract.test.ts) holds it to what Prisma does on SQLite and
// PostgreSQL, so the two cannot drift apart.
import type { SetupPart } from '../../src/core/links/events.js';
import { extensionDetail, type IssuedLink, type LinkEvent, type LinkEventType, type LinkRecord, type LinkSummary, type NewIssuedLink, type NewLinkRecord } from '../../src/core/links/link.js';
import type { NewOwedMessage, ReminderReason } from '../../src/core/outbox/message.js';
import type { BoardLink, BoardLinkRecord } from '../../src/core/board/board.js';
import type { Database, LinkFilter, LinkRepository, LoggedEvent, MappingRepository, OrgEvent, OrgEventRepository, OrgMapping, TimeRange } from '../../src/core/ports.js';

import type { RecordedMappingChange } from '../../src/core/audit/chain.js';
import { InMemoryAudit, recordedLink } from './in-memory-audit.js';
import { InMemoryOutbox } from './in-memory-outbox.js';
import { InMemoryReminders } from './in-memory-reminders.js';

type Clock = () => Date;

/** Refusals worded as Prisma words them, so a log reads the same whichever database a test ran on. */
function uniqueViolation(field: string): Error {
  return new Error(`Unique constraint failed on the fields: (\`${field}\`)`);
}
function foreignKeyViolation(): Error {
  return new Error('Foreign key constraint violated: `linkId`');
}

/** Callers get copies, as from a database: changing one never changes what is stored. */
const copy = <T>(value: T): T => structuredClone(value);
const byTime = (a: Date, b: Date) => a.getTime() - b.getTime();

/** The column as a table row has it: any record may carry one, as with Prisma (a failed attempt's type just never sets it). */
function tokenHashOf(link: NewLinkRecord | LinkRecord): string | null {
  return 'tokenHash' in link ? (link.tokenHash ?? null) : null;
}

interface ChannelRow {
  teamId: string;
  channelId: string;
  alias: string;
  createdBy: string;
  createdAt: Date;
}

class InMemoryMappings implements MappingRepository {
  readonly rows = new Map<string, OrgMapping>();
  readonly channels = new Map<string, ChannelRow>();
  readonly changes: RecordedMappingChange[] = [];

  constructor(
    private readonly now: Clock,
    private readonly audit: InMemoryAudit,
  ) {}

  private record(change: Omit<RecordedMappingChange, 'id' | 'orgId' | 'externalId' | 'displayName' | 'teamId' | 'channelId'> & Partial<RecordedMappingChange>): void {
    const row = { orgId: null, externalId: null, displayName: null, teamId: null, channelId: null, ...change, id: this.changes.length + 1 };
    this.changes.push(row);
    this.audit.record({ kind: 'mapping', row });
  }

  async save(mapping: Omit<OrgMapping, 'createdAt'>, channel?: { teamId: string; channelId: string }): Promise<OrgMapping> {
    const saved = { ...mapping, createdAt: this.now() };
    this.rows.set(mapping.alias, saved);
    const change = { alias: saved.alias, action: 'mapped', orgId: saved.orgId, externalId: saved.externalId, displayName: saved.displayName, actor: saved.createdBy, createdAt: saved.createdAt };
    this.record(change);
    if (channel) {
      const row = { ...channel, alias: mapping.alias, createdBy: mapping.createdBy, createdAt: this.now() };
      this.channels.set(`${channel.teamId}/${channel.channelId}`, row);
      this.record({ ...change, action: 'channel_mapped', ...channel, createdAt: row.createdAt });
    }
    return copy(saved);
  }

  async remove(alias: string, by: string): Promise<boolean> {
    for (const [key, row] of this.channels) if (row.alias === alias) this.channels.delete(key);
    const removed = this.rows.delete(alias);
    if (removed) this.record({ alias, action: 'unmapped', actor: by, createdAt: this.now() });
    return removed;
  }

  async find(alias: string): Promise<OrgMapping | null> {
    const row = this.rows.get(alias);
    return row ? copy(row) : null;
  }

  async findByChannel(teamId: string, channelId: string): Promise<OrgMapping | null> {
    const channel = this.channels.get(`${teamId}/${channelId}`);
    return channel ? this.find(channel.alias) : null;
  }

  async list(): Promise<Array<OrgMapping & { channelIds: string[] }>> {
    const channels = [...this.channels.values()];
    return [...this.rows.values()]
      .sort((a, b) => (a.alias < b.alias ? -1 : 1))
      .map((row) => ({
        ...copy(row),
        channelIds: channels
          .filter((channel) => channel.alias === row.alias)
          .map((channel) => channel.channelId)
          .sort(),
      }));
  }
}

function matches(link: LinkRecord, filter: LinkFilter): boolean {
  return (
    (filter.orgId === undefined || link.orgId === filter.orgId) &&
    (filter.issuerId === undefined || link.issuerId === filter.issuerId) &&
    (filter.outcome === undefined || link.outcome === filter.outcome) &&
    (filter.kind === undefined || link.kind === filter.kind) &&
    (filter.scopes === undefined || filter.scopes.includes(link.scope))
  );
}

/** What the board reads of a link, as the Prisma adapter selects it. */
function placed(link: LinkRecord): BoardLinkRecord {
  const { id, kind, issuerId, orgQuery, scope, createdAt } = link;
  const common = { id, kind, issuerId, orgQuery, scope, createdAt: new Date(createdAt) };
  if (link.outcome === 'failed') return { ...common, outcome: 'failed', orgId: link.orgId, orgName: link.orgName };
  return { ...common, outcome: 'issued', orgId: link.orgId, orgName: link.orgName, expiresAt: new Date(link.expiresAt), revokedAt: link.revokedAt && new Date(link.revokedAt), replacedBy: link.replacedBy };
}

function inRange(at: Date, range: TimeRange): boolean {
  return (!range.since || at >= range.since) && (!range.until || at < range.until);
}

class InMemoryLinks implements LinkRepository {
  readonly rows = new Map<string, LinkRecord>();
  /** In the order they were added, as an autoincrement id would have it. */
  readonly eventRows: LoggedEvent[] = [];
  /** As an autoincrement: ids are never reused, even after retention removed rows. */
  private lastEventId = 0;
  /** Each notice claimed, by `linkId/part`. */
  readonly notices = new Map<string, { linkId: string; part: SetupPart; createdAt: Date }>();

  constructor(
    private readonly now: Clock,
    private readonly outbox: InMemoryOutbox,
    private readonly audit: InMemoryAudit,
  ) {}

  async create(link: NewLinkRecord): Promise<void> {
    this.insertLink(link);
  }

  /** Without awaiting anything, so that callers can check and write as in one transaction. */
  private insertLink(link: NewLinkRecord): void {
    if (this.rows.has(link.id)) throw uniqueViolation('id');
    const tokenHash = tokenHashOf(link);
    if (tokenHash !== null && this.findRowByTokenHash(tokenHash)) throw uniqueViolation('tokenHash');
    const stored: LinkRecord = link.outcome === 'issued' ? { ...link, revokedAt: null, revokedBy: null, replacedBy: null, posted: null } : { ...link };
    this.rows.set(link.id, copy(stored));
    this.audit.record({ kind: 'link', row: recordedLink(link) });
  }

  async findById(id: string): Promise<LinkRecord | null> {
    const row = this.rows.get(id);
    return row ? copy(row) : null;
  }

  async findByTokenHash(tokenHash: string): Promise<LinkRecord | null> {
    const row = this.findRowByTokenHash(tokenHash);
    return row ? copy(row) : null;
  }

  private findRowByTokenHash(tokenHash: string): LinkRecord | undefined {
    return [...this.rows.values()].find((row) => tokenHashOf(row) === tokenHash);
  }

  async recent(filter: Parameters<LinkRepository['recent']>[0]): Promise<LinkSummary[]> {
    const { before } = filter;
    return [...this.rows.values()]
      .filter((link) => matches(link, filter) && inRange(link.createdAt, filter))
      .filter((link) => !before || byTime(link.createdAt, before.createdAt) < 0 || (link.createdAt.getTime() === before.createdAt.getTime() && link.id < before.id))
      .sort((a, b) => byTime(b.createdAt, a.createdAt) || (a.id < b.id ? 1 : -1))
      .slice(0, filter.limit)
      .map((link) => ({ ...copy(link), ...this.usage(link.id) }));
  }

  async eventLog(filter: Parameters<LinkRepository['eventLog']>[0]): Promise<LoggedEvent[]> {
    const { after, links } = filter;
    // An event's id is its place in the order they were added, as an autoincrement would have it.
    return copy(this.eventRows)
      .filter((event) => filter.linkId === undefined || event.linkId === filter.linkId)
      .filter((event) => filter.type === undefined || event.type === filter.type)
      .filter((event) => !links || matches(this.rows.get(event.linkId) as LinkRecord, links))
      .filter((event) => inRange(event.createdAt, filter))
      .filter((event) => !after || byTime(event.createdAt, after.createdAt) > 0 || (event.createdAt.getTime() === after.createdAt.getTime() && event.id > after.id))
      .sort((a, b) => byTime(a.createdAt, b.createdAt) || a.id - b.id)
      .slice(0, filter.limit);
  }

  async events(linkId: string): Promise<LinkEvent[]> {
    return copy(this.eventRows.filter((event) => event.linkId === linkId).sort((a, b) => byTime(a.createdAt, b.createdAt))).map(({ id: _id, ...event }) => event);
  }

  async forBoard(query: { since: Date; issuerId?: string }): Promise<BoardLink[]> {
    const inWindow = [...this.rows.values()]
      .filter((link) => link.createdAt >= query.since && (query.issuerId === undefined || link.issuerId === query.issuerId))
      .sort((a, b) => byTime(b.createdAt, a.createdAt) || (a.id < b.id ? 1 : -1));
    // The newest link of each group a key makes (links without a key are in none).
    const newestOf = (key: (link: LinkRecord) => string | null): string[] => {
      const seen = new Map<string, string>();
      for (const link of inWindow) {
        const group = key(link);
        if (group !== null && !seen.has(group)) seen.set(group, link.id);
      }
      return [...seen.values()];
    };
    const wordsOf = (link: LinkRecord) => `${link.issuerId}\u0000${link.orgQuery.trim().toLowerCase()}`;
    const unresolved = new Set(inWindow.filter((link) => link.orgId === null).map(wordsOf));
    const kept = new Set([
      ...newestOf((link) => link.orgId),
      ...newestOf((link) => (link.outcome === 'issued' ? link.orgId : null)),
      ...newestOf((link) => (link.orgId && unresolved.has(wordsOf(link)) ? wordsOf(link) : null)),
    ]);
    // The newest reminder sent through any of the window's links to an organization counts for it.
    const lastReminder = new Map<string, { reason: ReminderReason; at: Date }>();
    for (const event of this.eventRows.filter((row) => row.type === 'reminded').sort((a, b) => byTime(a.createdAt, b.createdAt))) {
      const link = inWindow.find((row) => row.id === event.linkId);
      if (link) lastReminder.set(link.orgId ?? link.id, { reason: event.detail as ReminderReason, at: event.createdAt });
    }
    return inWindow
      .filter((link) => link.orgId === null || kept.has(link.id))
      .map((link) => {
        const events = this.eventRows.filter((event) => event.linkId === link.id).sort((a, b) => byTime(a.createdAt, b.createdAt));
        const sessions = events.filter((event) => event.type === 'session_minted');
        return {
          link: placed(link),
          firstViewAt: events.find((event) => event.type === 'viewed')?.createdAt ?? null,
          firstSessionAt: sessions[0]?.createdAt ?? null,
          lastSessionAt: sessions.at(-1)?.createdAt ?? null,
          sessions: sessions.length,
          lastReminder: lastReminder.get(link.orgId ?? link.id) ?? null,
          finished: [...this.notices.values()].filter((notice) => notice.linkId === link.id).map(({ part, createdAt }) => ({ part, at: createdAt })),
        };
      });
  }

  async countEvents(linkId: string, type: LinkEventType): Promise<number> {
    return this.eventRows.filter((event) => event.linkId === linkId && event.type === type).length;
  }

  async addEvent(event: Omit<LinkEvent, 'createdAt'> & { createdAt?: Date }): Promise<void> {
    this.insertEvent(event);
  }

  async claimSetupNotice(input: { linkId: string; part: SetupPart; actor: string; messages: NewOwedMessage[] }): Promise<boolean> {
    // Checked and claimed without awaiting anything in between: a claim made at the same moment sees this one.
    const key = `${input.linkId}/${input.part}`;
    if (this.notices.has(key)) return false;
    this.insertEvent({ linkId: input.linkId, type: 'issuer_notified', detail: input.part, actor: input.actor });
    this.outbox.withdrawReminders(input.linkId);
    this.outbox.enqueue(input.messages);
    this.notices.set(key, { linkId: input.linkId, part: input.part, createdAt: this.now() });
    return true;
  }

  async recordPost(input: { linkId: string; channelId: string; ts: string }): Promise<void> {
    const link = this.rows.get(input.linkId);
    if (link?.outcome !== 'issued') throw new Error('Record to update not found.');
    this.rows.set(link.id, { ...link, posted: { channelId: input.channelId, ts: input.ts } });
  }

  async revoke(input: { linkId: string; by: string; at: Date }): Promise<boolean> {
    const link = this.rows.get(input.linkId);
    if (link?.outcome !== 'issued' || link.revokedAt) return false;
    this.rows.set(link.id, { ...link, revokedAt: input.at, revokedBy: input.by });
    this.insertEvent({ linkId: link.id, type: 'revoked', detail: null, actor: input.by, createdAt: input.at });
    this.outbox.withdrawReminders(link.id);
    return true;
  }

  async extend(input: { linkId: string; from: Date; to: Date; by: string; at: Date }): Promise<boolean> {
    const link = this.rows.get(input.linkId);
    if (link?.outcome !== 'issued' || link.revokedAt || link.expiresAt.getTime() !== input.from.getTime()) return false;
    this.rows.set(link.id, { ...link, expiresAt: input.to });
    this.insertEvent({ linkId: link.id, type: 'extended', detail: extensionDetail(input.from, input.to), actor: input.by, createdAt: input.at });
    return true;
  }

  async replace(input: { linkId: string; fresh: NewIssuedLink; posted: IssuedLink['posted']; by: string; at: Date }): Promise<boolean> {
    const link = this.rows.get(input.linkId);
    if (link?.outcome !== 'issued' || link.revokedAt) return false;
    // As one transaction: the fresh link is refused (a taken id or token) before the old one changes.
    this.insertLink(input.fresh);
    const fresh = this.rows.get(input.fresh.id);
    if (fresh?.outcome === 'issued') this.rows.set(fresh.id, { ...fresh, posted: input.posted });
    this.rows.set(link.id, { ...link, revokedAt: input.at, revokedBy: input.by, replacedBy: input.fresh.id });
    this.insertEvent({ linkId: link.id, type: 'replaced', detail: input.fresh.id, actor: input.by, createdAt: input.at });
    this.outbox.withdrawReminders(link.id);
    return true;
  }

  /** Adds an event as part of a caller's change, without awaiting anything. */
  insertEvent(event: Omit<LinkEvent, 'createdAt'> & { createdAt?: Date }): void {
    if (!this.rows.has(event.linkId)) throw foreignKeyViolation();
    this.lastEventId += 1;
    const row = copy({ ...event, id: this.lastEventId, createdAt: event.createdAt ?? this.now() });
    this.eventRows.push(row);
    this.audit.record({ kind: 'event', row });
  }

  /** Retention: removes up to `limit` links whose last activity was before `cutoff`, oldest first, with their events. */
  removeInactive(cutoff: Date, limit: number): { ids: string[]; events: number } {
    const active = new Set(this.eventRows.filter((event) => event.createdAt >= cutoff).map((event) => event.linkId));
    const ids = [...this.rows.values()]
      .filter((link) => link.createdAt < cutoff && (link.outcome === 'failed' || link.expiresAt < cutoff) && !active.has(link.id))
      .sort((a, b) => byTime(a.createdAt, b.createdAt) || (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map((link) => link.id);
    for (const id of ids) this.rows.delete(id);
    const kept = this.eventRows.filter((event) => !ids.includes(event.linkId));
    const events = this.eventRows.length - kept.length;
    this.eventRows.splice(0, this.eventRows.length, ...kept);
    return { ids, events };
  }

  /** Views and sessions counted; each reported portal event once, by when it was first reported. */
  private usage(linkId: string): Pick<LinkSummary, 'views' | 'sessions' | 'reportedEvents' | 'partsFinished'> {
    const events = this.eventRows.filter((event) => event.linkId === linkId);
    const firstReported = new Map<string, Date>();
    for (const event of events.filter((e) => e.type === 'portal_event')) {
      const detail = event.detail ?? '';
      const earlier = firstReported.get(detail);
      if (!earlier || event.createdAt < earlier) firstReported.set(detail, event.createdAt);
    }
    return {
      views: events.filter((event) => event.type === 'viewed').length,
      sessions: events.filter((event) => event.type === 'session_minted').length,
      reportedEvents: [...firstReported].sort(([, a], [, b]) => byTime(a, b)).map(([detail]) => detail),
      partsFinished: events.filter((event) => event.type === 'issuer_notified').length,
    };
  }
}

class InMemoryOrgEvents implements OrgEventRepository {
  readonly rows = new Map<string, OrgEvent>();

  constructor(private readonly now: Clock) {}

  async record(event: Omit<OrgEvent, 'receivedAt'>): Promise<boolean> {
    if (this.rows.has(event.id)) return false;
    this.rows.set(event.id, copy({ ...event, receivedAt: this.now() }));
    return true;
  }

  async latest(orgId: string, limit: number): Promise<OrgEvent[]> {
    return (await this.forOrgs([orgId])).slice(0, limit);
  }

  async forOrgs(orgIds: readonly string[]): Promise<OrgEvent[]> {
    return copy(
      [...this.rows.values()]
        .filter((event) => orgIds.includes(event.orgId))
        .sort((a, b) => byTime(b.occurredAt, a.occurredAt) || byTime(b.receivedAt, a.receivedAt) || (a.id < b.id ? 1 : -1)),
    );
  }
}

/** The tables by the names the SQL schema gives them, for tests that look at what was stored. */
export type StoredTable = 'OrgMapping' | 'ChannelMapping' | 'Link' | 'LinkEvent' | 'OrgEvent' | 'SetupNotice' | 'OutboxMessage' | 'Reminder' | 'MappingChange';

export class InMemoryDatabase implements Database {
  readonly mappings: InMemoryMappings;
  readonly links: InMemoryLinks;
  readonly orgEvents: InMemoryOrgEvents;
  readonly outbox = new InMemoryOutbox();
  readonly reminders: InMemoryReminders;
  readonly audit = new InMemoryAudit(
    (entry) => (entry.kind === 'link' ? this.links.rows.has(entry.linkId ?? '') : entry.kind === 'event' ? this.links.eventRows.some((event) => event.id === entry.eventId) : true),
    (cutoff, limit) => this.links.removeInactive(cutoff, limit),
  );

  /** `now` stamps what the database would stamp itself (creation and arrival times). */
  constructor(now: Clock = () => new Date()) {
    this.mappings = new InMemoryMappings(now, this.audit);
    this.links = new InMemoryLinks(now, this.outbox, this.audit);
    this.orgEvents = new InMemoryOrgEvents(now);
    this.reminders = new InMemoryReminders(this.links, this.outbox);
  }

  async ping(): Promise<void> {}

  async checkLinkWrites(): Promise<void> {}

  async missingMigrations(): Promise<string[]> {
    return [];
  }

  async close(): Promise<void> {}

  /** What a table holds now. */
  rows(table: StoredTable): object[] {
    const tables: Record<StoredTable, () => object[]> = {
      OrgMapping: () => [...this.mappings.rows.values()],
      ChannelMapping: () => [...this.mappings.channels.values()],
      Link: () => [...this.links.rows.values()],
      LinkEvent: () => this.links.eventRows,
      OrgEvent: () => [...this.orgEvents.rows.values()],
      SetupNotice: () => [...this.links.notices.values()],
      OutboxMessage: () => [...this.outbox.rows.values()],
      Reminder: () => [...this.reminders.claimed.values()],
      MappingChange: () => this.mappings.changes,
    };
    return copy(tables[table]());
  }
}
