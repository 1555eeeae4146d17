import { distance } from 'fastest-levenshtein';
import { Refused } from './errors.js';
import type { MappingRepository, ScalekitOrg, ScalekitPort } from './ports.js';

export interface ResolvedOrg extends ScalekitOrg {
  /** The alias it was reached through, if any. */
  alias: string | null;
}

const ORG_ID_PATTERN = /^org_[A-Za-z0-9]+$/;
const EXTERNAL_PREFIX = 'ext:';

/** How a CSM names a customer: an alias, `org_...`, `ext:<external id>`, or nothing in a mapped channel. */
export class OrgResolver {
  constructor(
    private readonly mappings: MappingRepository,
    private readonly scalekit: ScalekitPort,
  ) {}

  async resolve(query: string | undefined, where: { teamId: string; channelId: string | null }): Promise<ResolvedOrg> {
    if (!query) return this.fromChannel(where);
    if (ORG_ID_PATTERN.test(query)) return this.fromScalekit(await this.scalekit.getOrganization(query), query);
    if (query.toLowerCase().startsWith(EXTERNAL_PREFIX)) {
      const externalId = query.slice(EXTERNAL_PREFIX.length);
      if (!externalId) throw new Refused({ reason: 'missing_external_id' });
      return this.fromScalekit(await this.scalekit.getOrganizationByExternalId(externalId), query);
    }
    return this.fromAlias(query.toLowerCase());
  }

  /** Looks an org up in Scalekit by id or `ext:` id (for `map`), without aliases. */
  async lookUp(reference: string): Promise<ScalekitOrg> {
    if (!ORG_ID_PATTERN.test(reference) && !reference.toLowerCase().startsWith(EXTERNAL_PREFIX)) {
      throw new Refused({ reason: 'not_an_org_reference', reference });
    }
    return this.resolve(reference, { teamId: '', channelId: null });
  }

  private async fromChannel(where: { teamId: string; channelId: string | null }): Promise<ResolvedOrg> {
    const mapping = where.channelId ? await this.mappings.findByChannel(where.teamId, where.channelId) : null;
    if (!mapping) throw new Refused({ reason: 'no_customer_for_channel' });
    return { id: mapping.orgId, displayName: mapping.displayName, externalId: mapping.externalId, alias: mapping.alias };
  }

  private fromScalekit(org: ScalekitOrg | null, query: string): ResolvedOrg {
    if (!org) throw new Refused({ reason: 'unknown_org', query });
    return { ...org, alias: null };
  }

  private async fromAlias(alias: string): Promise<ResolvedOrg> {
    const mapping = await this.mappings.find(alias);
    if (mapping) {
      return { id: mapping.orgId, displayName: mapping.displayName, externalId: mapping.externalId, alias };
    }
    const known = (await this.mappings.list()).map((m) => m.alias);
    throw new Refused({ reason: 'unknown_alias', alias, nearMatches: nearMatches(alias, known) });
  }
}

/** Aliases a typo away from `wanted`, closest first. */
export function nearMatches(wanted: string, candidates: string[], limit = 3): string[] {
  return candidates
    .map((candidate) => ({
      candidate,
      score: candidate.includes(wanted) || wanted.includes(candidate) ? 0 : distance(wanted, candidate),
    }))
    .filter(({ score }) => score <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}
