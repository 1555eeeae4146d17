// npm run audit-log -- <command>: the audit trail for admins and auditors, from the database
// alone (no Slack or Scalekit settings needed). See `npm run audit-log -- help`.
import { stringify } from 'csv-stringify/sync';
import { existsSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE_URL } from '../config.js';
import { openDatabase, sqlitePathFromUrl } from '../db/client.js';
import { loadEnvFile } from '../env-file.js';
import type { Database } from '../core/ports.js';

const USAGE = `Usage: npm run audit-log -- <command> [options]

  links [--org <org_id>] [--issuer <U...>] [--limit 100]   issued and failed links, newest first
  events <link-id>                                          everything that happened to one link

Options: --format table|csv|json (default table). DATABASE_URL selects the database
(default ${DEFAULT_DATABASE_URL}).`;

type Row = Record<string, string | number | null>;

const iso = (date: Date | null) => date?.toISOString() ?? null;

async function linkRows(db: Database, values: { org?: string; issuer?: string; limit?: string }): Promise<Row[]> {
  const limit = Number(values.limit ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit must be a whole number from 1 to 10000');
  const links = await db.links.recent({ orgId: values.org, issuerId: values.issuer, limit });
  return links.map((link) => {
    const issued = link.outcome === 'issued' ? link : null;
    return {
      id: link.id,
      createdAt: iso(link.createdAt),
      outcome: link.outcome,
      failureReason: link.outcome === 'failed' ? link.failureReason : null,
      kind: link.kind,
      scope: link.scope,
      orgId: link.orgId,
      orgName: link.orgName,
      orgQuery: link.orgQuery,
      issuerId: link.issuerId,
      issuerName: link.issuerName,
      teamId: link.teamId,
      channelId: link.channelId,
      expiresAt: iso(issued?.expiresAt ?? null),
      revokedAt: iso(issued?.revokedAt ?? null),
      revokedBy: issued?.revokedBy ?? null,
      replacedBy: issued?.replacedBy ?? null,
      views: link.views,
      sessions: link.sessions,
      reportedEvents: link.reportedEvents.join(' '),
      note: link.note,
    };
  });
}

async function eventRows(db: Database, linkId: string | undefined): Promise<Row[]> {
  if (!linkId) throw new UsageError('events needs a link id, e.g. events L-7hq2m9xk');
  if (!(await db.links.findById(linkId))) throw new UsageError(`there is no link ${linkId}`);
  return (await db.links.events(linkId)).map((event) => ({
    at: iso(event.createdAt),
    type: event.type,
    detail: event.detail,
    actor: event.actor,
  }));
}

function render(rows: Row[], format: string): string {
  if (format === 'json') return JSON.stringify(rows, null, 2);
  if (format === 'csv') return stringify(rows, { header: true, columns: rows.length ? Object.keys(rows[0] as Row) : [] });
  if (!rows.length) return '(none)';
  const columns = Object.keys(rows[0] as Row);
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [line(columns), ...rows.map((row) => line(columns.map((column) => String(row[column] ?? ''))))].join('\n');
}

class UsageError extends Error {}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { org: { type: 'string' }, issuer: { type: 'string' }, limit: { type: 'string' }, format: { type: 'string', default: 'table' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [command, ...rest] = parsed.positionals;
  const { format } = parsed.values;
  if (!['table', 'csv', 'json'].includes(format)) throw new UsageError('--format must be table, csv or json');
  if (command !== 'links' && command !== 'events') throw new UsageError(command && command !== 'help' ? `unknown command ${command}` : '');
  const databaseUrl = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  // An auditor reads; a wrong folder must say so rather than create and migrate an empty database.
  if (databaseUrl.startsWith('file:') && !existsSync(sqlitePathFromUrl(databaseUrl))) {
    throw new UsageError(`there is no database at ${sqlitePathFromUrl(databaseUrl)} (set DATABASE_URL)`);
  }
  const db = await openDatabase(databaseUrl, { migrate: false });
  try {
    return render(command === 'links' ? await linkRows(db, parsed.values) : await eventRows(db, rest[0]), format);
  } finally {
    await db.close();
  }
}

// Run as a program (not imported by a test): compare real paths, as URLs encode and links differ.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  loadEnvFile();
  runCli(process.argv.slice(2)).then(
    (output) => console.log(output),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(error.message ? `${error.message}\n\n${USAGE}` : USAGE);
        process.exit(64); // EX_USAGE
      }
      console.error(`audit-log failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
