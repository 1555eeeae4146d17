import type { AccessPolicy } from './access.js';
import { readAlias } from './aliases.js';
import { Refused } from './errors.js';
import type { OrgResolver } from './org-resolver.js';
import type { MappingRepository, OrgMapping } from './ports.js';

export interface MapInput {
  alias: string;
  /** `org_...` or `ext:<external id>`. */
  reference: string;
  by: string;
  /** Also make this the channel's default customer. */
  channel?: { teamId: string; channelId: string };
}

/** Admin work on aliases: each mapping is checked against Scalekit before it is stored. */
export class MappingService {
  constructor(
    private readonly mappings: MappingRepository,
    private readonly resolver: OrgResolver,
    private readonly access: AccessPolicy,
    private readonly reservedWords: readonly string[],
  ) {}

  async map(input: MapInput): Promise<OrgMapping> {
    await this.requireAdmin(input.by);
    const alias = readAlias(input.alias, this.reservedWords);
    if (alias === undefined) throw new Refused({ reason: 'invalid_alias', alias: input.alias });
    const org = await this.resolver.lookUp(input.reference);
    return this.mappings.save(
      { alias, orgId: org.id, externalId: org.externalId, displayName: org.displayName, createdBy: input.by },
      input.channel,
    );
  }

  async unmap(alias: string, by: string): Promise<void> {
    await this.requireAdmin(by);
    if (!(await this.mappings.remove(alias.toLowerCase(), by))) {
      throw new Refused({ reason: 'not_mapped', alias });
    }
  }

  async list(by: string): ReturnType<MappingRepository['list']> {
    await this.requireAdmin(by);
    return this.mappings.list();
  }

  private async requireAdmin(userId: string): Promise<void> {
    if (!(await this.access.isAdmin(userId))) {
      throw new Refused({ reason: 'not_allowed', to: 'manage_mappings' });
    }
  }
}
