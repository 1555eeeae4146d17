// npm run audit-log -- <command>: the audit trail for admins and auditors, from the database
// alone (no Slack or Scalekit settings needed). See `npm run audit-log -- help`.
import { realpathSync } from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { DEFAULT_DATABASE_URL, linkMaxSessions } from '../config.js';
import { loadEnvFile } from '../env-file.js';
import { parseAuditArgs, UsageError, type AuditArgs } from './args.js';
import { openAuditDatabase, DatabaseProblem } from './database.js';
import { writeRows as writeOut, type Output, type Sink } from './output.js';
import { eventPages, linkPages, type LinkQuery } from '../core/audit/pages.js';
import { eventRow, linkRow, type Row } from '../core/audit/rows.js';
import { summaryRows } from './summary.js';
import { ChainBroken, verify } from './verify.js';
import type { Database } from '../core/ports.js';

const USAGE = `Usage: npm run audit-log -- <command> [filters] [--format table|csv|json|jsonl] [--limit N]

  links              issued and failed links, newest first
  events [<link-id>] events on links, oldest first: of one link, or of every link the filters cover
  summary            links counted per organization, issuer, outcome and state
  verify             checks that no recorded row was changed, deleted or inserted since it was
                     written (the audit chain); names the first row that was. With
                     --head <seq>:<hash> (a head an earlier verify printed), also that the chain
                     still passes through it: that nobody rewrote the chain up to there

Filters (they combine):
  --org <org_id|alias>   --issuer <U...>   --outcome issued|failed   --kind hosted|direct
  --since, --until <2026-03-01 | 30d>    from (inclusive) and to (exclusive); 30d is 30 days ago,
                                         by when the link (links, summary) or event (events) was recorded
  --state live|expired|revoked|replaced|exhausted|failed   (links, summary; exhausted needs LINK_MAX_SESSIONS)
  --type <event type>                    (events)

DATABASE_URL selects the database (default ${DEFAULT_DATABASE_URL}).
Exit status: 2 bad input, 3 the database cannot be read, 4 the database is newer than this program,
5 verify found the chain broken.`;

/** LINK_MAX_SESSIONS, the bot's cap on portal sessions per link: without it no link is exhausted. */
function maxSessions(env: NodeJS.ProcessEnv, args: AuditArgs): number | undefined {
  const parsed = linkMaxSessions.safeParse(env.LINK_MAX_SESSIONS);
  if (!parsed.success) throw new UsageError(`LINK_MAX_SESSIONS ${parsed.error.issues[0]?.message ?? 'is not valid'} (not ${env.LINK_MAX_SESSIONS?.trim()})`);
  if (parsed.data === undefined && args.state === 'exhausted') {
    throw new UsageError('--state exhausted needs LINK_MAX_SESSIONS, the cap the bot runs with (without a cap no link is exhausted)');
  }
  return parsed.data;
}

async function linkQuery(db: Database, args: AuditArgs, maxSessionsPerLink: number | undefined, now: Date): Promise<LinkQuery> {
  // An alias names its organization through the mappings; anything else is taken as an org id.
  const orgId = args.org === undefined ? undefined : ((await db.mappings.find(args.org))?.orgId ?? args.org);
  const filter = { orgId, issuerId: args.issuerId, outcome: args.outcome, kind: args.kind };
  return { filter: { ...filter, since: args.since, until: args.until }, state: args.state, limit: args.limit, now, maxSessionsPerLink };
}

export interface RunOptions {
  /** What durations such as `--since 30d` count back from, and states are judged at (default: now). */
  now?: Date;
  /** Told the number of rows written so far, after each page of a CSV or JSON lines export. */
  progress?: (rows: number) => void;
}

async function run(db: Database, args: AuditArgs, maxSessionsPerLink: number | undefined, now: Date, output: Output): Promise<void> {
  if (args.command === 'verify') return verify(db, output, args.head);
  const query = await linkQuery(db, args, maxSessionsPerLink, now);
  const writeRows = (pages: AsyncIterable<Row[]>) => writeOut(pages, args.format, output);
  if (args.command === 'summary') return writeRows(summaryRows(linkPages(db.links, query)));
  if (args.command === 'links') {
    const rows = async function* () {
      for await (const page of linkPages(db.links, query)) yield page.map(({ link, state }) => linkRow(link, state));
    };
    return writeRows(rows());
  }
  if (args.linkId && !(await db.links.findById(args.linkId))) throw new UsageError(`there is no link ${args.linkId}`);
  const { since, until, ...links } = query.filter;
  const events = async function* () {
    for await (const page of eventPages(db.links, { links, linkId: args.linkId, type: args.type, since, until, limit: args.limit })) yield page.map((event) => eventRow(event, !args.linkId));
  };
  return writeRows(events());
}

/** Runs one audit-log command, writing its output to `write`. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, write: Sink, options: RunOptions = {}): Promise<void> {
  const now = options.now ?? new Date();
  const args = parseAuditArgs(argv, now);
  const maxSessionsPerLink = maxSessions(env, args);
  const db = await openAuditDatabase(env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL);
  try {
    await run(db, args, maxSessionsPerLink, now, { write, progress: options.progress });
  } finally {
    await db.close();
  }
}

/** Writes to stdout, waiting for it to drain so that a slow reader holds back the reading. */
const toStdout: Sink = async (chunk) => {
  if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
};

// Run as a program (not imported by a test): compare real paths, as URLs encode and links differ.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  loadEnvFile();
  // A count on the terminal while a long export runs; never in a file or pipe that collects stderr.
  let counting = false;
  const progress = (rows: number) => {
    counting = true;
    process.stderr.write(`\r${rows} rows written`);
  };
  const endCount = () => counting && process.stderr.write('\n');
  const argv = process.argv.slice(2);
  if (argv[0] === 'help' || argv.includes('--help')) {
    console.log(USAGE);
    process.exit(0);
  }
  runCli(argv, process.env, toStdout, { progress: process.stderr.isTTY ? progress : undefined }).then(endCount, (error: unknown) => {
    endCount();
    if (error instanceof UsageError) {
      console.error(error.message ? `${error.message}\n\n${USAGE}` : USAGE);
      process.exit(2);
    }
    if (error instanceof ChainBroken) {
      console.error(`audit-log: ${error.message}`);
      process.exit(5);
    }
    if (error instanceof DatabaseProblem) {
      console.error(`audit-log: ${error.message}`);
      process.exit(error.exitCode);
    }
    console.error(`audit-log failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
