// What readiness asks of the database, beyond "it answers": that a link could be written now, and
// that every migration this code ships is applied.
import type { DbClient } from './prisma.js';

/**
 * An insert into the link table that selects no row: it fails whenever issuing would (table
 * missing or renamed, database read-only or unreachable), where `SELECT 1` does not, and it
 * writes nothing. One statement rather than a transaction rolled back: nothing to undo, and no
 * write lock held from one statement to the next (SQLite has one writer).
 */
export async function probeLinkWrite(prisma: DbClient): Promise<void> {
  await prisma.$executeRawUnsafe(`INSERT INTO "Link" ("id") SELECT 'readiness' WHERE 1 = 0`);
}

/** The migrations started on the database and not rolled back, and whether each finished. */
export async function startedMigrations(prisma: DbClient): Promise<Array<{ name: string; finished: boolean }>> {
  const rows = await prisma.$queryRawUnsafe<Array<{ migration_name: string; finished_at: unknown }>>('SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL');
  return rows.map((row) => ({ name: row.migration_name, finished: row.finished_at != null }));
}
