// Opens the database for reading the audit trail: never creates or migrates one, and says
// plainly when it cannot be read.
import { existsSync } from 'node:fs';
import { openDatabase, sqlitePathFromUrl } from '../db/client.js';
import { UnknownMigrationsError } from '../db/migrate.js';
import type { Database } from '../core/ports.js';

/** The database cannot serve the audit; `exitCode` tells scripts which way. */
export class DatabaseProblem extends Error {
  constructor(
    message: string,
    readonly exitCode: 3 | 4,
  ) {
    super(message);
  }
}

export async function openAuditDatabase(databaseUrl: string): Promise<Database> {
  // An auditor reads; a wrong folder must say so rather than create and migrate an empty database.
  if (databaseUrl.startsWith('file:') && !existsSync(sqlitePathFromUrl(databaseUrl))) {
    throw new DatabaseProblem(`there is no database at ${sqlitePathFromUrl(databaseUrl)} (set DATABASE_URL)`, 3);
  }
  let db: Database | undefined;
  try {
    db = await openDatabase(databaseUrl, { migrate: false, refuseNewerSchema: true });
    await db.ping();
    return db;
  } catch (error) {
    await db?.close().catch(() => undefined);
    if (error instanceof UnknownMigrationsError) throw new DatabaseProblem(`${error.message}: run the audit from that release`, 4);
    throw new DatabaseProblem(`cannot read the database (${redacted(databaseUrl)}): ${(error as Error).message}`, 3);
  }
}

/** The URL without its password, fit for an error message. */
function redacted(databaseUrl: string): string {
  if (databaseUrl.startsWith('file:') || !URL.canParse(databaseUrl)) return databaseUrl;
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
