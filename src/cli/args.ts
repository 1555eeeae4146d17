// Reads the audit-log command line into a command and its filters, naming the flag at fault.
import { parseArgs } from 'node:util';
import { momentAt, readMoment } from '../core/audit/moment.js';
import { LINK_EVENT_TYPES, LINK_STATES, type LinkKind, type LinkRecord, type LinkState } from '../core/links/link.js';

/** Bad input on the command line: the message says what to change. */
export class UsageError extends Error {}

export const FORMATS = ['table', 'csv', 'json', 'jsonl'] as const;
export type Format = (typeof FORMATS)[number];

export interface AuditArgs {
  command: 'links' | 'events' | 'summary' | 'verify';
  /** `events <link-id>`: one link's events. */
  linkId?: string;
  /** An org id or a mapped alias, resolved against the database. */
  org?: string;
  issuerId?: string;
  since?: Date;
  until?: Date;
  outcome?: LinkRecord['outcome'];
  kind?: LinkKind;
  state?: LinkState;
  type?: string;
  limit?: number;
  format: Format;
  /** `verify --head <seq>:<hash>`: a head kept from an earlier verify, which the chain must still pass through. */
  head?: { seq: number; hash: string };
}

const COMMANDS = ['links', 'events', 'summary', 'verify'] as const;

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (not ${value})`);
  return value as T;
}

/** `--since` / `--until`: a date, or a duration before `now`. */
function moment(flag: string, value: string | undefined, now: Date): Date | undefined {
  if (value === undefined) return undefined;
  const read = readMoment(value);
  if (!read) throw new UsageError(`${flag} must be an ISO date such as 2026-03-01 or a duration such as 30d (not ${value})`);
  return momentAt(read, now);
}

function limit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1) throw new UsageError(`--limit must be a whole number of at least 1 (not ${value})`);
  return number;
}

/** `<seq>:<hash>` as verify prints a head. */
function keptHead(value: string | undefined): AuditArgs['head'] {
  if (value === undefined) return undefined;
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!match) throw new UsageError(`--head must be a head as verify prints it, <seq>:<hash> (not ${value})`);
  return { seq: Number(match[1]), hash: match[2] as string };
}

export function parseAuditArgs(argv: string[], now: Date): AuditArgs {
  let parsed;
  try {
    const text = { type: 'string' } as const;
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { org: text, issuer: text, since: text, until: text, outcome: text, kind: text, state: text, type: text, limit: text, format: text, head: text },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  const [command, linkId, ...extra] = parsed.positionals;
  if (!command) throw new UsageError('');
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command ${command}`);
  const { head, ...filters } = values;
  if (command === 'verify' && Object.keys(filters).length > 0) throw new UsageError('verify takes no filters: it walks the whole chain');
  if (head !== undefined && command !== 'verify') throw new UsageError('--head applies to verify only');
  if (extra.length || (linkId !== undefined && command !== 'events')) throw new UsageError(`unexpected ${[linkId, ...extra].filter(Boolean).join(' ')}`);
  const args: AuditArgs = {
    command: command as AuditArgs['command'],
    linkId,
    org: values.org,
    issuerId: values.issuer,
    since: moment('--since', values.since, now),
    until: moment('--until', values.until, now),
    outcome: oneOf('--outcome', values.outcome, ['issued', 'failed'] as const),
    kind: oneOf('--kind', values.kind, ['hosted', 'direct'] as const),
    state: oneOf('--state', values.state, LINK_STATES),
    type: oneOf('--type', values.type, LINK_EVENT_TYPES),
    limit: limit(values.limit),
    format: oneOf('--format', values.format, FORMATS) ?? 'table',
    head: keptHead(head),
  };
  if (args.state && command !== 'links' && command !== 'summary') throw new UsageError('--state applies to links and summary only');
  if (args.type && command !== 'events') throw new UsageError('--type applies to events only');
  if (args.since && args.until && args.since >= args.until) throw new UsageError('--since must be before --until');
  return args;
}
