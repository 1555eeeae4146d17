import type { Database } from '../ports.js';
import type { NewOwedMessage, Recipient, SetupCompleted } from '../outbox/message.js';
import type { SetupPart } from './events.js';
import type { IssuedLink } from './link.js';
import { covers, scopesCovering } from './scope.js';

/**
 * Tells a CSM when the customer they sent a link to finishes a part of the setup, once per link
 * and part: the page's report and Scalekit's webhook for the same setup make one message. The
 * message goes to the issuer and, for a link posted in a channel, to that message's thread. It is
 * written to the outbox with the notice itself and delivered from there, so a Slack outage
 * delays it but cannot lose it, and the request that reported the setup does not wait on Slack.
 */
export class SetupNotices {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    /** Called when messages were queued, so that delivery can start at once. */
    private readonly queued: () => void,
  ) {}

  /** A part finished through this link; one the link did not offer is not its to announce. */
  async completedThrough(link: IssuedLink, part: SetupPart, source: SetupCompleted['source']): Promise<void> {
    if (!covers(link.scope, part)) return;
    const facts: SetupCompleted = { issuerId: link.issuerId, orgName: link.orgName, linkId: link.id, part, source };
    const recipients: Array<[string, Recipient]> = [['issuer', { userId: link.issuerId }]];
    if (link.posted) recipients.push(['thread', { channelId: link.posted.channelId, threadTs: link.posted.ts }]);
    const createdAt = this.now();
    const messages: NewOwedMessage[] = recipients.map(([name, to]) => ({
      id: `setup:${link.id}:${part}:${name}`,
      message: { kind: 'setup_completed', to, facts },
      createdAt,
    }));
    if (await this.db.links.claimSetupNotice({ linkId: link.id, part, actor: link.issuerId, messages })) this.queued();
  }

  /** A part finished for an organization (Scalekit's webhook): the newest link sent to it that offered the part gets the credit. */
  async completedFor(orgId: string, part: SetupPart): Promise<void> {
    const [latest] = await this.db.links.recent({ orgId, outcome: 'issued', scopes: scopesCovering(part), limit: 1 });
    if (latest?.outcome === 'issued') await this.completedThrough(latest, part, 'scalekit');
  }
}
