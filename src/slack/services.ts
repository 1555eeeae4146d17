import type { LinkAudit } from '../core/audit/link-audit.js';
import type { NewCustomers } from '../core/customers/new-customer.js';
import type { LinkCopier } from '../core/links/copy.js';
import type { LinkExtender } from '../core/links/extend.js';
import type { LinkIssuer } from '../core/links/issue.js';
import type { RecentLinks } from '../core/links/recent.js';
import type { LinkReplacer } from '../core/links/replace.js';
import type { LinkRevoker } from '../core/links/revoke.js';
import type { ReminderStopper } from '../core/links/stop-reminders.js';
import type { MappingService } from '../core/mapping-service.js';
import type { SetupStatusService } from '../core/setup-status.js';
import type { SlackDirectory } from '../core/ports.js';
import type { RequestLogger } from '../logger.js';
import type { BotMetrics } from '../metrics/metrics.js';

/** What the Slack listeners may call: use cases only, never adapters (and where they log and count). */
export interface SlackServices {
  issuer: LinkIssuer;
  recentLinks: RecentLinks;
  revoker: LinkRevoker;
  reminderStopper: ReminderStopper;
  extender: LinkExtender;
  replacer: LinkReplacer;
  copier: LinkCopier;
  mappings: MappingService;
  newCustomers: NewCustomers;
  status: SetupStatusService;
  audit: LinkAudit;
  directory: SlackDirectory;
  now: () => Date;
  /** A new request's logger. */
  requestLogger: () => RequestLogger;
  metrics: Pick<BotMetrics, 'commandAnswered' | 'linkRequested'>;
}
