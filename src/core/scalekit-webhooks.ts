import { partCompletedBy, type SetupEventKey } from './links/events.js';
import type { SetupNotices } from './links/setup-notices.js';
import type { OrgEventRepository, ScalekitPort } from './ports.js';

export interface WebhookEvent {
  id: string;
  /** Scalekit's event type, e.g. `organization.sso_enabled`. */
  type: string;
  /** What the type means (`meaningOf('webhook', type)`); only tracked events are accepted. */
  meaning: SetupEventKey;
  orgId: string;
  occurredAt: Date;
}

/** Scalekit's webhooks: only signed, recent requests count, and each setup event is kept once. */
export class ScalekitWebhooks {
  constructor(
    private readonly scalekit: ScalekitPort,
    private readonly orgEvents: OrgEventRepository,
    private readonly notices: SetupNotices,
  ) {}

  /** Signed with our webhook secret within the last few minutes (a replayed old request is not). */
  isAuthentic(headers: Record<string, string>, rawBody: string): boolean {
    return this.scalekit.verifyWebhook(headers, rawBody);
  }

  /**
   * Records a setup event once: Scalekit redelivers until it sees a 2xx, so a known event id is
   * a duplicate, not an error.
   */
  async accept(event: WebhookEvent): Promise<'recorded' | 'duplicate'> {
    const { meaning, ...stored } = event;
    if (!(await this.orgEvents.record(stored))) return 'duplicate';
    const part = partCompletedBy(meaning);
    if (part) await this.notices.completedFor(event.orgId, part);
    return 'recorded';
  }
}
