import type { LinkService } from '../core/link-service.js';
import type { MappingService } from '../core/mapping-service.js';
import type { SetupStatusService } from '../core/setup-status.js';
import type { SlackDirectory } from '../core/ports.js';

/** What the Slack listeners may call: use cases only, never adapters. */
export interface SlackServices {
  links: LinkService;
  mappings: MappingService;
  status: SetupStatusService;
  directory: SlackDirectory;
  now: () => Date;
}
