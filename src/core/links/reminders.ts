import { REMINDER_REASONS, type NewOwedMessage, type Reminder, type ReminderReason } from '../outbox/message.js';
import type { Database, DueReminder } from '../ports.js';
import type { IssuedLink } from './link.js';
import type { SetupPart } from './events.js';
import { partsOf } from './scope.js';
import { linkState } from './state.js';

/**
 * How the outbox ids of a link's reminders begin. A reminder still waiting there when its link is
 * revoked, replaced, silenced or (partly) set up is withdrawn with that change: it would be stale.
 */
export const reminderIdPrefix = (linkId: string): string => `reminder:${linkId}:`;

/** How long the bot waits before each reminder. */
export interface ReminderTimings {
  /** unopened: a hosted link nobody has opened this long after issue. */
  unopenedAfterMs: number;
  /** expiring: a hosted link whose setup is not finished and that expires within this. */
  beforeExpiryMs: number;
  /** stalled: the portal was opened but the setup is not finished this long after the last session. */
  stalledAfterMs: number;
}

/** A link that never lived longer than the expiry warning was sent knowing it would expire soon: it is never "expiring". */
export function bornExpiring(link: Pick<IssuedLink, 'createdAt' | 'expiresAt'>, timings: ReminderTimings): boolean {
  return link.expiresAt.getTime() - link.createdAt.getTime() <= timings.beforeExpiryMs;
}

/** Links looked at per reason and round: a sweep runs rounds until it has seen every due link. */
const BATCH = 500;

function reminderOf(due: DueReminder, partsDone: SetupPart[]): Reminder {
  const { link } = due;
  return {
    issuerId: link.issuerId,
    orgName: link.orgName,
    linkId: link.id,
    reason: due.reason,
    issuedAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    views: due.views,
    sessions: due.sessions,
    lastSessionAt: due.lastSessionAt?.toISOString() ?? null,
    partsDone,
  };
}

/**
 * Reminds the issuer by direct message of links that are not getting the customer over the line,
 * once per link and reason. Finished links (every part their scope offers set up, through this
 * link or another sent to the same customer), revoked, expired links and links whose reminders
 * were turned off get none. Each reminder is claimed with its message in one transaction, so two
 * replicas sweeping at once send it once.
 */
export class ReminderSweep {
  constructor(
    private readonly db: Database,
    private readonly timings: ReminderTimings,
    private readonly now: () => Date,
    /** Called when reminders were queued, so that delivery can start at once. */
    private readonly queued: () => void,
    /** Portal sessions one link may mint (LINK_MAX_SESSIONS); unlimited when unset. */
    private readonly maxSessionsPerLink?: number,
  ) {}

  /** Queues every reminder due now; returns how many this sweep claimed. */
  async sweep(): Promise<number> {
    let claimed = 0;
    for (;;) {
      const now = this.now();
      const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);
      const due = await this.db.reminders.due({
        now,
        unopenedIssuedBy: at(-this.timings.unopenedAfterMs),
        expiringBy: at(this.timings.beforeExpiryMs),
        stalledSince: at(-this.timings.stalledAfterMs),
        limit: BATCH,
      });
      const orgParts = await this.db.reminders.partsDoneByOrg([...new Set(due.map(({ link }) => link.orgId))]);
      const doneBy = (orgId: string) => (Object.keys(orgParts.get(orgId) ?? {}) as SetupPart[]).sort();
      const round = await this.db.reminders.claim(due.map((reminder) => this.claimFor(reminder, doneBy(reminder.link.orgId), now)));
      claimed += round;
      if (round > 0) this.queued();
      // Short batches were everything due; a batch another replica claimed is its to finish.
      const more = REMINDER_REASONS.some((reason) => due.filter((d) => d.reason === reason).length >= BATCH);
      if (round === 0 || !more) return claimed;
    }
  }

  /**
   * The claim of a due reminder, with its message; without one when the customer finished what
   * the link offers through another link, the link used up its portal sessions, or (expiring) it
   * was issued for no longer than the warning: the reminder is settled, never sent.
   */
  private claimFor(due: DueReminder, partsDone: SetupPart[], now: Date): { linkId: string; reason: ReminderReason; at: Date; message: NewOwedMessage | null } {
    // The customer's parts done through any link, this one's among them (its organization's).
    const finished = partsOf(due.link.scope).every((part) => partsDone.includes(part));
    const live = linkState(due.link, now, due.sessions, this.maxSessionsPerLink) === 'live';
    const expectedToExpire = due.reason === 'expiring' && bornExpiring(due.link, this.timings);
    const claim = { linkId: due.link.id, reason: due.reason, at: now };
    if (finished || !live || expectedToExpire) return { ...claim, message: null };
    const facts = reminderOf(due, partsDone);
    return { ...claim, message: { id: `${reminderIdPrefix(due.link.id)}${due.reason}`, createdAt: now, message: { kind: 'reminder', to: { userId: due.link.issuerId }, facts } } };
  }
}
