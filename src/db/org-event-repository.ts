import type { OrgEvent, OrgEventRepository } from '../core/ports.js';
import { inSlices, isUniqueViolation, type DbClient } from './prisma.js';

export class PrismaOrgEventRepository implements OrgEventRepository {
  constructor(private readonly prisma: DbClient) {}

  async record(event: Omit<OrgEvent, 'receivedAt'>): Promise<boolean> {
    // Insert and let the primary key refuse a redelivery: unlike a look-up first, this stays
    // right when two deliveries of one event arrive at once.
    try {
      await this.prisma.orgEvent.create({ data: { id: event.id, orgId: event.orgId, type: event.type, occurredAt: event.occurredAt } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  latest(orgId: string, limit: number): Promise<OrgEvent[]> {
    return this.prisma.orgEvent.findMany({
      where: { orgId },
      orderBy: [{ occurredAt: 'desc' }, { receivedAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }

  async forOrgs(orgIds: readonly string[]): Promise<OrgEvent[]> {
    const found = await inSlices(orgIds, (slice) => this.prisma.orgEvent.findMany({ where: { orgId: { in: slice } } }));
    return found.sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.receivedAt.getTime() - a.receivedAt.getTime() || (a.id < b.id ? 1 : -1));
  }
}
