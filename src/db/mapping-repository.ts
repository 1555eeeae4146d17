import type { MappingRepository, OrgMapping } from '../core/ports.js';
import type { OrgMapping as MappingRow, Prisma } from './generated/sqlite/client.js';
import type { DbClient, DbTransaction } from './prisma.js';

/** The row without its bookkeeping (updatedAt). */
function toMapping(row: MappingRow): OrgMapping {
  return {
    alias: row.alias,
    orgId: row.orgId,
    externalId: row.externalId,
    displayName: row.displayName,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

/** Keeps the changes for the audit trail (the chain's sealer chains them shortly after). */
async function recordChanges(tx: DbTransaction, changes: Prisma.MappingChangeCreateManyInput[]): Promise<void> {
  await tx.mappingChange.createMany({ data: changes });
}

/** Aliases are stored exactly as given: callers normalize (lowercase) them. */
export class PrismaMappingRepository implements MappingRepository {
  constructor(private readonly prisma: DbClient) {}

  async save(mapping: Omit<OrgMapping, 'createdAt'>, channel?: { teamId: string; channelId: string }): Promise<OrgMapping> {
    const fields = {
      orgId: mapping.orgId,
      externalId: mapping.externalId,
      displayName: mapping.displayName,
      createdBy: mapping.createdBy,
    };
    // One transaction: a channel is never left pointing at an alias that was not saved.
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.orgMapping.upsert({
        where: { alias: mapping.alias },
        create: { alias: mapping.alias, ...fields },
        // A replaced mapping is a new decision by a new person: createdBy/createdAt describe it.
        // Its channel mappings stay attached to the alias.
        update: { ...fields, createdAt: new Date() },
      });
      const changes: Prisma.MappingChangeCreateManyInput[] = [{ alias: row.alias, action: 'mapped', orgId: row.orgId, externalId: row.externalId, displayName: row.displayName, actor: row.createdBy, createdAt: row.createdAt }];
      if (channel) {
        const { teamId, channelId } = channel;
        const link = { alias: mapping.alias, createdBy: mapping.createdBy };
        const saved = await tx.channelMapping.upsert({
          where: { teamId_channelId: { teamId, channelId } },
          create: { teamId, channelId, ...link },
          update: { ...link, createdAt: new Date() },
        });
        changes.push({ ...changes[0]!, action: 'channel_mapped', teamId, channelId, createdAt: saved.createdAt });
      }
      await recordChanges(tx, changes);
      return toMapping(row);
    });
  }

  async remove(alias: string, by: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      // Channel mappings go with it (ON DELETE CASCADE).
      const { count } = await tx.orgMapping.deleteMany({ where: { alias } });
      if (count > 0) await recordChanges(tx, [{ alias, action: 'unmapped', actor: by, createdAt: new Date() }]);
      return count > 0;
    });
  }

  async find(alias: string): Promise<OrgMapping | null> {
    const row = await this.prisma.orgMapping.findUnique({ where: { alias } });
    return row ? toMapping(row) : null;
  }

  async findByChannel(teamId: string, channelId: string): Promise<OrgMapping | null> {
    const row = await this.prisma.channelMapping.findUnique({
      where: { teamId_channelId: { teamId, channelId } },
      include: { mapping: true },
    });
    return row ? toMapping(row.mapping) : null;
  }

  async list(): Promise<Array<OrgMapping & { channelIds: string[] }>> {
    const rows = await this.prisma.orgMapping.findMany({
      orderBy: { alias: 'asc' },
      include: { channels: { select: { channelId: true }, orderBy: { channelId: 'asc' } } },
    });
    return rows.map((row) => ({ ...toMapping(row), channelIds: row.channels.map((c) => c.channelId) }));
  }
}
