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

/** Prisma's code for a unique constraint violation, the same on every provider. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}
