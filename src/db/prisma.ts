// The one Prisma client type the repositories are written against.
//
// Both generated clients (src/db/generated/sqlite and src/db/generated/postgresql) come from the
// same models and expose the same model API; only provider-specific extras differ (e.g.
// PostgreSQL's case-insensitive `mode` filter, which the repositories do not use). The
// repositories are therefore typed against the SQLite client only, and client.ts hands them the
// PostgreSQL client through a single cast.
import type { Prisma, PrismaClient } from './generated/sqlite/client.js';

export type DbClient = PrismaClient;
export type DbTransaction = Prisma.TransactionClient;

/** How many ids one `IN` list binds: SQLite takes at most 999 bound parameters a statement. */
const IDS_A_QUERY = 500;

/** Runs `read` on slices of `ids` small enough for any provider, and joins what each found. */
export async function inSlices<T>(ids: readonly string[], read: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const slices = Array.from({ length: Math.ceil(ids.length / IDS_A_QUERY) }, (_, i) => ids.slice(i * IDS_A_QUERY, (i + 1) * IDS_A_QUERY));
  return (await Promise.all(slices.map(read))).flat();
}

/** Prisma's code for a unique constraint violation, the same on every provider. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}
