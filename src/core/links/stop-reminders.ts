import type { AccessPolicy } from '../access.js';
import type { Database } from '../ports.js';
import { issuedLinkFor } from './issuers-link.js';
import type { IssuedLink } from './link.js';

/** Turning off reminders for one link, from a reminder: its issuer or an admin may. */
export class ReminderStopper {
  constructor(
    private readonly db: Database,
    private readonly access: AccessPolicy,
    private readonly now: () => Date,
  ) {}

  /** The link, with whether this call turned its reminders off (false: they were off already). */
  async stop(linkId: string, userId: string): Promise<{ link: IssuedLink; stopped: boolean }> {
    const { db, access } = this;
    const link = await issuedLinkFor({ db, access, linkId, userId, refusal: 'not_the_issuer_to_stop_reminders' });
    return { link, stopped: await db.reminders.turnOff({ linkId, by: userId, at: this.now() }) };
  }
}
