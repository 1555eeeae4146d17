// Walks the audit chain in order and finds the first row that was changed, deleted or inserted
// out of order. The walk holds one page of entries at a time, whatever the length of the chain.
import type { AuditReader, AuditRepository } from '../ports.js';
import { chainHash, GENESIS, type ChainEntry, type ChainHead } from './chain.js';
import { prunedDigest, readRetentionRecord } from './retention-record.js';

/** An entry as stored, with its row's content hash now (null when the row is gone). */
export interface StoredEntry extends ChainEntry {
  /** The retention entry that removed the row. */
  prunedBy: number | null;
  current: string | null;
}

/** Which row a problem is about: a link, an event on a link, a mapping change, or a retention entry. */
export interface AuditSubject {
  kind: ChainEntry['kind'];
  linkId: string | null;
  eventId: number | null;
  alias: string | null;
  seq: number | null;
}

export type ChainProblem =
  /** The row's content differs from what was chained. */
  | { problem: 'changed'; subject: AuditSubject }
  /** The row is gone, and no retention entry says it removed it. */
  | { problem: 'deleted'; subject: AuditSubject }
  /** Entries are missing: the chain skips from `after` to `seq`. */
  | { problem: 'entries_missing'; from: number; to: number; after: AuditSubject | null }
  /** The entry does not link to the one before it: it, or the one before, was edited, inserted or removed. */
  | { problem: 'broken'; subject: AuditSubject }
  /** A row that is not in the chain: inserted without the bot. */
  | { problem: 'inserted'; subject: AuditSubject }
  /** The chain ends before the head says it does: its last entries were removed. */
  | { problem: 'truncated'; head: ChainHead; last: ChainHead }
  /** Entries exist but the head row that marks the chain's end is gone. */
  | { problem: 'head_missing'; last: ChainHead };

export type VerifyResult = { intact: true; entries: number; head: ChainHead | null } | { intact: false; entries: number; problem: ChainProblem };

/** The trail verified, with the rows written too recently to be chained yet (the sealer runs every second). */
export type TrailResult = VerifyResult & { pending: number };

function subjectOf(entry: ChainEntry): AuditSubject {
  return { kind: entry.kind, linkId: entry.linkId, eventId: entry.eventId, alias: entry.alias, seq: entry.seq };
}

/** What a retention entry removed, accumulated as the walk passes the entries it pruned. */
interface Pruned {
  count: number;
  digest: string;
}

/** The first problem among `pages` (in chain order), then the head, then rows missing from the chain. */
export async function verifyChain(pages: AsyncIterable<StoredEntry[]>, head: ChainHead | null, unchained: () => Promise<AuditSubject | null>): Promise<VerifyResult> {
  let previous: ChainEntry | null = null;
  let hash = GENESIS;
  let count = 0;
  const pruned = new Map<number, Pruned>();
  const fail = (problem: ChainProblem): VerifyResult => ({ intact: false, entries: count, problem });
  walk: for await (const page of pages) {
    for (const entry of page) {
      // Entries appended after the head was read are judged by the next walk.
      if (head && entry.seq > head.seq) break walk;
      const expected = (previous?.seq ?? 0) + 1;
      if (entry.seq !== expected) return fail({ problem: 'entries_missing', from: expected, to: entry.seq - 1, after: previous && subjectOf(previous) });
      if (chainHash(hash, entry.contentHash) !== entry.hash) return fail({ problem: 'broken', subject: subjectOf(entry) });
      const problem = checkRow(entry, pruned);
      if (problem) return fail(problem);
      previous = entry;
      hash = entry.hash;
      count += 1;
    }
  }
  const last = previous ? { seq: previous.seq, hash: previous.hash } : { seq: 0, hash: GENESIS };
  // A chain with entries but no head had its head removed: nothing then says where it should end.
  if (!head && previous) return fail({ problem: 'head_missing', last });
  if (head && (last.seq !== head.seq || last.hash !== head.hash)) return fail({ problem: 'truncated', head, last });
  // Entries marked as pruned by a retention entry that never came (or is not one).
  const [orphan] = pruned.keys();
  if (orphan !== undefined) return fail({ problem: 'broken', subject: { kind: 'retention', linkId: null, eventId: null, alias: null, seq: orphan } });
  const inserted = await unchained();
  if (inserted) return fail({ problem: 'inserted', subject: inserted });
  return { intact: true, entries: count, head: head && last };
}

function checkRow(entry: StoredEntry, pruned: Map<number, Pruned>): ChainProblem | null {
  if (entry.kind === 'retention') {
    if (entry.current !== entry.contentHash) return { problem: 'changed', subject: subjectOf(entry) };
    // The entry covers its own record; it must account for exactly the entries marked as its.
    const removed = pruned.get(entry.seq) ?? { count: 0, digest: prunedDigest.start };
    pruned.delete(entry.seq);
    const record = readRetentionRecord(entry.record);
    if (!record || record.entries !== removed.count || record.digest !== removed.digest) return { problem: 'broken', subject: subjectOf(entry) };
    return null;
  }
  if (entry.prunedBy !== null) {
    if (entry.prunedBy <= entry.seq) return { problem: 'broken', subject: subjectOf(entry) };
    const removed = pruned.get(entry.prunedBy) ?? { count: 0, digest: prunedDigest.start };
    pruned.set(entry.prunedBy, { count: removed.count + 1, digest: prunedDigest.add(removed.digest, entry) });
    return null;
  }
  if (entry.current === null) return { problem: 'deleted', subject: subjectOf(entry) };
  if (entry.current !== entry.contentHash) return { problem: 'changed', subject: subjectOf(entry) };
  return null;
}

/** Entries per read: the walk holds one page. */
const PAGE = 5_000;

async function* entryPages(audit: AuditReader): AsyncGenerator<StoredEntry[]> {
  for (let after = 0; ; ) {
    const page = await audit.entries(after, PAGE);
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!.seq;
  }
}

/** Verifies the whole trail: the chain, its head, and that no row was written outside it. */
export function verifyTrail(audit: AuditRepository): Promise<TrailResult> {
  // On one snapshot: what the sealer or retention does while the walk runs is not seen.
  return audit.snapshot(async (reader) => {
    const pending = await reader.pending();
    const head = await reader.head();
    const result = await verifyChain(entryPages(reader), head, () => reader.unchained());
    return { ...result, pending };
  });
}
