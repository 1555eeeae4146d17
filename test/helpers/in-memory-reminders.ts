// Reminders held in memory, for the in-memory database (see in-memory-database.ts), over its
// links, events, setup notices and outbox.
import type { SetupPart } from '../../src/core/links/events.js';
import { partsOf } from '../../src/core/links/scope.js';
import type { IssuedLink, LinkEvent, LinkRecord } from '../../src/core/links/link.js';
import { REMINDER_REASONS, type ReminderReason } from '../../src/core/outbox/message.js';
import type { DueReminder, PartsDone, ReminderQuery, ReminderRepository } from '../../src/core/ports.js';
import type { InMemoryOutbox } from './in-memory-outbox.js';

/** What the reminders read and write of the links' tables. */
export interface LinkTables {
  readonly rows: Map<string, LinkRecord>;
  readonly eventRows: LinkEvent[];
  readonly notices: Map<string, { linkId: string; part: SetupPart; createdAt: Date }>;
  insertEvent(event: Omit<LinkEvent, 'createdAt'> & { createdAt?: Date }): void;
}


export class InMemoryReminders implements ReminderRepository {
  /** Each reminder claimed, by `linkId/reason`. */
  readonly claimed = new Map<string, { linkId: string; reason: ReminderReason; createdAt: Date }>();
  /** Links whose reminders were turned off. */
  readonly off = new Map<string, { at: Date; by: string }>();

  constructor(
    private readonly links: LinkTables,
    private readonly outbox: InMemoryOutbox,
  ) {}

  async due(query: ReminderQuery): Promise<DueReminder[]> {
    const live = [...this.links.rows.values()]
      .filter((link): link is IssuedLink => link.outcome === 'issued' && link.kind === 'hosted' && !link.revokedAt && link.expiresAt > query.now)
      .filter((link) => !this.off.has(link.id) && !partsOf(link.scope).every((part) => this.links.notices.has(`${link.id}/${part}`)))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return REMINDER_REASONS.flatMap((reason) =>
      live
        .filter((link) => !this.claimed.has(`${link.id}/${reason}`))
        .map((link) => this.facts(link, reason))
        .filter((due) => this.isDue(due, query))
        .slice(0, query.limit),
    );
  }

  async claim(reminders: Parameters<ReminderRepository['claim']>[0]): Promise<number> {
    // Checked and claimed without awaiting anything in between: a claim made at the same moment sees these.
    let claimed = 0;
    for (const { linkId, reason, at, message } of reminders) {
      const key = `${linkId}/${reason}`;
      if (this.claimed.has(key)) continue;
      if (message) {
        this.links.insertEvent({ linkId, type: 'reminded', detail: reason, actor: null, createdAt: at });
        this.outbox.enqueue([message]);
      }
      this.claimed.set(key, { linkId, reason, createdAt: at });
      claimed += 1;
    }
    return claimed;
  }

  async partsDoneByOrg(orgIds: readonly string[]): Promise<Map<string, PartsDone>> {
    const done = new Map<string, PartsDone>();
    for (const { linkId, part, createdAt } of this.links.notices.values()) {
      const orgId = this.links.rows.get(linkId)?.orgId;
      if (!orgId || !orgIds.includes(orgId)) continue;
      const parts = done.get(orgId) ?? {};
      const known = parts[part];
      if (!known || createdAt < known) parts[part] = new Date(createdAt);
      done.set(orgId, parts);
    }
    return done;
  }

  async turnOff(input: { linkId: string; by: string; at: Date }): Promise<boolean> {
    if (this.links.rows.get(input.linkId)?.outcome !== 'issued' || this.off.has(input.linkId)) return false;
    this.links.insertEvent({ linkId: input.linkId, type: 'reminders_off', detail: null, actor: input.by, createdAt: input.at });
    this.outbox.withdrawReminders(input.linkId);
    this.off.set(input.linkId, { at: input.at, by: input.by });
    return true;
  }

  private facts(link: IssuedLink, reason: ReminderReason): DueReminder {
    const events = this.links.eventRows.filter((event) => event.linkId === link.id);
    const sessions = events.filter((event) => event.type === 'session_minted').map((event) => event.createdAt.getTime());
    return {
      reason,
      link: structuredClone(link),
      views: events.filter((event) => event.type === 'viewed').length,
      sessions: sessions.length,
      lastSessionAt: sessions.length ? new Date(Math.max(...sessions)) : null,
    };
  }

  private isDue(due: DueReminder, query: ReminderQuery): boolean {
    switch (due.reason) {
      case 'unopened':
        return due.link.createdAt <= query.unopenedIssuedBy && due.views === 0;
      case 'expiring':
        return due.link.expiresAt <= query.expiringBy;
      case 'stalled':
        return due.lastSessionAt !== null && due.lastSessionAt <= query.stalledSince;
    }
  }
}
