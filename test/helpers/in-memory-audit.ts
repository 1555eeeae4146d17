// The audit chain held in memory: rows are recorded as written and chained by seal(). Rows here
// cannot be edited behind the double's back, so an entry's row hashes as chained while it
// exists; tampering is tested on the real databases.
import { appendTo, GENESIS, type ChainEntry, type ChainHead, type Recorded, type RecordedLink } from '../../src/core/audit/chain.js';
import { prunedDigest, writeRetentionRecord } from '../../src/core/audit/retention-record.js';
import type { AuditSubject, StoredEntry } from '../../src/core/audit/verify.js';
import type { NewLinkRecord } from '../../src/core/links/link.js';
import type { AuditReader, AuditRepository } from '../../src/core/ports.js';

/** The link as its row records it when first written. */
export function recordedLink(link: NewLinkRecord): RecordedLink {
  const issued = link.outcome === 'issued' ? link : null;
  return {
    id: link.id,
    kind: link.kind,
    outcome: link.outcome,
    failureReason: link.outcome === 'failed' ? link.failureReason : null,
    teamId: link.teamId,
    channelId: link.channelId,
    issuerId: link.issuerId,
    issuerName: link.issuerName,
    orgQuery: link.orgQuery,
    orgId: link.orgId,
    orgName: link.orgName,
    tokenHash: issued?.tokenHash ?? null,
    scalekitLinkId: issued?.scalekitLinkId ?? null,
    idp: link.idp,
    note: link.note,
    scope: link.scope,
    issuedExpiresAt: issued?.expiresAt ?? null,
    createdAt: link.createdAt,
  };
}

export class InMemoryAudit implements AuditRepository {
  private chain: ChainEntry[] = [];
  private last: ChainHead = { seq: 0, hash: GENESIS };
  /** The retention entry that removed each pruned entry's row. */
  private prunedBy = new Map<number, number>();

  constructor(
    /** Whether the entry's row is still there. */
    private readonly exists: (entry: ChainEntry) => boolean,
    /** Removes inactive links and their events (see AuditRepository.prune). */
    private readonly removeInactive: (cutoff: Date, limit: number) => { ids: string[]; events: number },
  ) {}

  /** Rows written and not yet chained, as the sealer would find them. */
  private waiting: Recorded[] = [];

  /** A row written: chained by the next seal(). */
  record(item: Recorded): void {
    this.waiting.push(item);
  }

  private append(items: Recorded[]): void {
    const { entries, head } = appendTo(this.last, items);
    this.chain.push(...entries);
    this.last = head;
  }

  snapshot<T>(read: (reader: AuditReader) => Promise<T>): Promise<T> {
    // Nothing else runs between a test's awaits.
    return read(this);
  }

  async seal(): Promise<number> {
    const items = this.waiting;
    this.waiting = [];
    this.append(items);
    return items.length;
  }

  async pending(): Promise<number> {
    return this.waiting.length;
  }

  async head(): Promise<ChainHead | null> {
    return { ...this.last };
  }

  async entries(afterSeq: number, limit: number): Promise<StoredEntry[]> {
    return this.chain
      .filter((entry) => entry.seq > afterSeq)
      .slice(0, limit)
      .map((entry) => ({ ...entry, prunedBy: this.prunedBy.get(entry.seq) ?? null, current: this.exists(entry) ? entry.contentHash : null }));
  }

  async prune(input: { lastActivityBefore: Date; limit: number }): Promise<{ links: number; events: number }> {
    const { ids, events } = this.removeInactive(input.lastActivityBefore, input.limit);
    if (ids.length === 0) return { links: 0, events: 0 };
    // Rows removed before they were chained leave nothing to account for.
    this.waiting = this.waiting.filter((item) => !((item.kind === 'link' && ids.includes(item.row.id)) || (item.kind === 'event' && ids.includes(item.row.linkId))));
    const seq = this.last.seq + 1;
    const pruned = this.chain.filter((entry) => (entry.kind === 'link' || entry.kind === 'event') && ids.includes(entry.linkId ?? '') && !this.prunedBy.has(entry.seq));
    for (const entry of pruned) this.prunedBy.set(entry.seq, seq);
    const digest = pruned.reduce(prunedDigest.add, prunedDigest.start);
    this.append([{ kind: 'retention', record: writeRetentionRecord({ lastActivityBefore: input.lastActivityBefore.toISOString(), links: ids.length, events, entries: pruned.length, digest }) }]);
    return { links: ids.length, events };
  }

  async unchained(): Promise<AuditSubject | null> {
    return null;
  }
}
