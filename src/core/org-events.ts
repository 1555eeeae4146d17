import type { OrgEventRepository, ScalekitPort } from './ports.js';
import type { SetupNotifications } from './setup-notifications.js';

/** Scalekit webhook events that tell whether a customer set up SSO or directory sync; others are ignored. */
export const RECORDED_ORG_EVENTS = [
  'organization.sso_created',
  'organization.sso_enabled',
  'organization.sso_disabled',
  'organization.sso_deleted',
  'organization.directory_enabled',
  'organization.directory_disabled',
] as const;
export type RecordedOrgEvent = (typeof RECORDED_ORG_EVENTS)[number];

/** Which part of the setup an event is about, and whether it leaves that part done. */
export const ORG_EVENT_EFFECT: Record<RecordedOrgEvent, { part: 'sso' | 'directory'; done: boolean }> = {
  'organization.sso_created': { part: 'sso', done: false },
  'organization.sso_enabled': { part: 'sso', done: true },
  'organization.sso_disabled': { part: 'sso', done: false },
  'organization.sso_deleted': { part: 'sso', done: false },
  'organization.directory_enabled': { part: 'directory', done: true },
  'organization.directory_disabled': { part: 'directory', done: false },
};

export function isRecordedOrgEvent(type: string): type is RecordedOrgEvent {
  return (RECORDED_ORG_EVENTS as readonly string[]).includes(type);
}

export interface WebhookEvent {
  id: string;
  type: RecordedOrgEvent;
  orgId: string;
  occurredAt: Date;
}

/** Scalekit's webhooks: only signed, recent requests count, and each setup event is kept once. */
export class ScalekitWebhooks {
  constructor(
    private readonly scalekit: ScalekitPort,
    private readonly orgEvents: OrgEventRepository,
    private readonly notifications: SetupNotifications,
  ) {}

  /** Signed with our webhook secret within the last few minutes (a replayed old request is not). */
  isAuthentic(headers: Record<string, string>, rawBody: string): boolean {
    return this.scalekit.verifyWebhook(headers, rawBody);
  }

  /** Scalekit redelivers until it sees a 2xx, so a known event id is a duplicate, not an error. */
  async accept(event: WebhookEvent): Promise<'recorded' | 'duplicate'> {
    if (!(await this.orgEvents.record(event))) return 'duplicate';
    const effect = ORG_EVENT_EFFECT[event.type];
    if (effect.done) await this.notifications.completedFor(event.orgId, effect.part);
    return 'recorded';
  }
}
