// `verify`: walks the audit chain and says whether it is intact, or which row is not as recorded.
import type { ChainHead } from '../core/audit/chain.js';
import { verifyTrail, type AuditSubject, type ChainProblem } from '../core/audit/verify.js';
import type { Database } from '../core/ports.js';
import type { Output } from './output.js';

/** The chain is not intact; the message names the first row at fault. */
export class ChainBroken extends Error {}

function name(subject: AuditSubject): string {
  switch (subject.kind) {
    case 'link':
      return `link ${subject.linkId}`;
    case 'event':
      return `event ${subject.eventId} of link ${subject.linkId}`;
    case 'mapping':
      return `a change to the mapping of ${subject.alias}`;
    case 'retention':
      return `retention entry ${subject.seq}`;
  }
}

function describe(problem: ChainProblem): string {
  switch (problem.problem) {
    case 'changed':
      return `${name(problem.subject)} was changed after it was recorded`;
    case 'deleted':
      return `${name(problem.subject)} was deleted`;
    case 'inserted':
      return `${name(problem.subject)} is not in the chain: it was inserted out of order`;
    case 'broken':
      return `the chain breaks at entry ${problem.subject.seq} (${name(problem.subject)}): that entry, or one just before it, was edited, inserted or removed`;
    case 'entries_missing':
      return `chain entries ${problem.from}–${problem.to} are missing${problem.after ? ` (after ${name(problem.after)})` : ''}: they were deleted`;
    case 'head_missing':
      return `the chain's head row is gone (the last entry is ${problem.last.seq}): it was deleted, so entries after that one may be missing too`;
    case 'truncated':
      return `the chain ends at entry ${problem.last.seq} but its head says ${problem.head.seq}: the last entries were deleted`;
  }
}

export async function verify(db: Database, { write }: Output, kept?: ChainHead): Promise<void> {
  const result = await verifyTrail(db.audit);
  if (!result.intact) throw new ChainBroken(`${describe(result.problem)} (${result.entries} entries before it are intact)`);
  if (kept) {
    // A chain consistent in itself may still have been recomputed from some row on: the head kept elsewhere says.
    const [entry] = await db.audit.entries(kept.seq - 1, 1);
    if (entry?.seq !== kept.seq || entry.hash !== kept.hash) throw new ChainBroken(`entry ${kept.seq} is not the one in the head you kept: the chain was rewritten up to there`);
  }
  const head = result.head ? `; head ${result.head.seq}:${result.head.hash}` : '';
  // Rows are chained within seconds of being written, while the bot runs.
  const pending = result.pending ? `\n${result.pending} rows written since the bot last sealed the chain are not in it yet` : '';
  await write(`intact: ${result.entries} entries${head}${pending}\n`);
}
