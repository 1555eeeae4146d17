import type { AccessPolicy } from '../access.js';
import type { Database } from '../ports.js';
import { linkToActOn } from './actions.js';
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
    const link = await linkToActOn(this.db, this.access, linkId, userId, 'stop_reminders');
    return { link, stopped: await this.db.reminders.turnOff({ linkId, by: userId, at: this.now() }) };
  }
}
