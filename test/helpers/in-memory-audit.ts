// The audit chain held in memory. Rows here cannot be edited behind the double's back, so an
// entry's row hashes as chained while it exists; tampering is tested on the real databases.
import { appendTo, GENESIS, type ChainEntry, type ChainHead, type Recorded, type RecordedLink } from '../../src/core/audit/chain.js';
import type { AuditSubject, StoredEntry } from '../../src/core/audit/verify.js';
import type { NewLinkRecord } from '../../src/core/links/link.js';
import type { AuditRepository } from '../../src/core/ports.js';

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

  /** Whether the entry's row is still there. */
  constructor(private readonly exists: (entry: ChainEntry) => boolean) {}

  append(items: Recorded[]): void {
    const { entries, head } = appendTo(this.last, items);
    this.chain.push(...entries);
    this.last = head;
  }

  async head(): Promise<ChainHead | null> {
    return { ...this.last };
  }

  async entries(afterSeq: number, limit: number): Promise<StoredEntry[]> {
    return this.chain
      .filter((entry) => entry.seq > afterSeq)
      .slice(0, limit)
      .map((entry) => ({ ...entry, prunedBy: null, current: this.exists(entry) ? entry.contentHash : null }));
  }

  async unchained(): Promise<AuditSubject | null> {
    return null;
  }
}
