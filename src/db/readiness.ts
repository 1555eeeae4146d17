// What readiness asks of the database, beyond "it answers": that a link could be written now, and
// that every migration this code ships is applied.
import { randomUUID } from 'node:crypto';
import type { DbClient } from './prisma.js';

/** Thrown inside the probe's transaction so that it rolls back: the probe writes nothing. */
class RollBack extends Error {}

/**
 * Writes a link row in a transaction and rolls it back: this fails whenever issuing would
 * (table missing or renamed, database read-only, full, or unreachable), where `SELECT 1` does not.
 */
export async function probeLinkWrite(prisma: DbClient): Promise<void> {
  try {
    await prisma.$transaction(async (tx) => {
      await tx.link.create({ data: { id: `readiness-${randomUUID()}`, kind: 'hosted', outcome: 'failed', failureReason: 'readiness probe (rolled back)', teamId: '-', issuerId: '-', issuerName: '-', orgQuery: '' } });
      throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
}

/** The migrations started on the database and not rolled back, and whether each finished. */
export async function startedMigrations(prisma: DbClient): Promise<Array<{ name: string; finished: boolean }>> {
  const rows = await prisma.$queryRawUnsafe<Array<{ migration_name: string; finished_at: unknown }>>('SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL');
  return rows.map((row) => ({ name: row.migration_name, finished: row.finished_at != null }));
}
