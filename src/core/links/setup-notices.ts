import type { Database, SetupCompleted, SetupNotifier } from '../ports.js';
import type { SetupPart } from './events.js';
import type { IssuedLink } from './link.js';
import { covers, scopesCovering } from './scope.js';

/**
 * Tells a CSM when the customer they sent a link to finishes a part of the setup, once per link
 * and part: the page's report and Scalekit's webhook for the same setup make one message.
 */
export class SetupNotices {
  constructor(
    private readonly db: Database,
    private readonly notifier: SetupNotifier,
  ) {}

  /** A part finished through this link; one the link did not offer is not its to announce. */
  async completedThrough(link: IssuedLink, part: SetupPart, source: SetupCompleted['source']): Promise<void> {
    if (!covers(link.scope, part)) return;
    if (!(await this.db.links.claimSetupNotice({ linkId: link.id, part, actor: link.issuerId }))) return;
    await this.notifier.setupCompleted({ issuerId: link.issuerId, orgName: link.orgName, linkId: link.id, part, source });
  }

  /** A part finished for an organization (Scalekit's webhook): the newest link sent to it that offered the part gets the credit. */
  async completedFor(orgId: string, part: SetupPart): Promise<void> {
    const [latest] = await this.db.links.recent({ orgId, issuedOnly: true, scopes: scopesCovering(part), limit: 1 });
    if (latest?.outcome === 'issued') await this.completedThrough(latest, part, 'scalekit');
  }
}
