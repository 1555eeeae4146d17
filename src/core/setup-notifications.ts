import type { Database, LinkRecord, SetupCompleted, SetupNotifier } from './ports.js';

/**
 * Tells a CSM when the customer they sent a link to finishes a part of the setup, once per link
 * and part: the page's report and Scalekit's webhook for the same setup make one message.
 */
export class SetupNotifications {
  constructor(
    private readonly db: Database,
    private readonly notifier: SetupNotifier,
  ) {}

  /** A part finished through this link (the page reported it). */
  async completedThrough(link: LinkRecord, part: SetupCompleted['part'], source: SetupCompleted['source']): Promise<void> {
    if (!(await this.db.links.claimSetupNotice({ linkId: link.id, part, actor: link.issuerId }))) return;
    await this.notifier.setupCompleted({ issuerId: link.issuerId, orgName: link.orgName ?? link.orgQuery, linkId: link.id, part, source });
  }

  /** A part finished for an organization (Scalekit's webhook): the newest link sent to it gets the credit. */
  async completedFor(orgId: string, part: SetupCompleted['part']): Promise<void> {
    const [latest] = await this.db.links.recent({ orgId, issuedOnly: true, limit: 1 });
    if (latest) await this.completedThrough(latest, part, 'scalekit');
  }
}
