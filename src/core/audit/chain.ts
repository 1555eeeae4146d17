// The audit chain's rules: which content of each recorded row is covered, and how entries link.
// Only what never changes after it is written is covered; state that changes later (a revoke, a
// new expiry) is recorded as an event, which is itself chained.
import { createHash } from 'node:crypto';

/** The hash the first entry links to. */
export const GENESIS = '0'.repeat(64);

export type AuditKind = 'link' | 'event' | 'mapping' | 'retention';

/** An issuance or failed attempt as recorded: who, when, customer, kind, scope, expiry as issued, note, token hash. */
export interface RecordedLink {
  id: string;
  kind: string;
  outcome: string;
  failureReason: string | null;
  teamId: string;
  channelId: string | null;
  issuerId: string;
  issuerName: string;
  orgQuery: string;
  orgId: string | null;
  orgName: string | null;
  tokenHash: string | null;
  scalekitLinkId: string | null;
  idp: string | null;
  note: string | null;
  scope: string;
  issuedExpiresAt: Date | null;
  createdAt: Date;
}

export interface RecordedEvent {
  id: number;
  linkId: string;
  type: string;
  detail: string | null;
  actor: string | null;
  createdAt: Date;
}

export interface RecordedMappingChange {
  id: number;
  alias: string;
  /** mapped | unmapped | channel_mapped */
  action: string;
  orgId: string | null;
  externalId: string | null;
  displayName: string | null;
  teamId: string | null;
  channelId: string | null;
  actor: string;
  createdAt: Date;
}

/** A row to chain, by kind; a retention entry records itself (what it removed). */
export type Recorded =
  | { kind: 'link'; row: RecordedLink }
  | { kind: 'event'; row: RecordedEvent }
  | { kind: 'mapping'; row: RecordedMappingChange }
  | { kind: 'retention'; record: string };

/** An entry as stored in the chain. */
export interface ChainEntry {
  seq: number;
  kind: AuditKind;
  /** The link the row is or belongs to. */
  linkId: string | null;
  eventId: number | null;
  mappingChangeId: number | null;
  alias: string | null;
  record: string | null;
  contentHash: string;
  hash: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const time = (date: Date | null) => date?.toISOString() ?? null;

/** The fields each kind covers, in a fixed order: the same row always hashes the same. */
function fields(item: Recorded): unknown[] {
  switch (item.kind) {
    case 'link': {
      const r = item.row;
      return [r.id, r.kind, r.outcome, r.failureReason, r.teamId, r.channelId, r.issuerId, r.issuerName, r.orgQuery, r.orgId, r.orgName, r.tokenHash, r.scalekitLinkId, r.idp, r.note, r.scope, time(r.issuedExpiresAt), time(r.createdAt)];
    }
    case 'event': {
      const r = item.row;
      return [r.id, r.linkId, r.type, r.detail, r.actor, time(r.createdAt)];
    }
    case 'mapping': {
      const r = item.row;
      return [r.id, r.alias, r.action, r.orgId, r.externalId, r.displayName, r.teamId, r.channelId, r.actor, time(r.createdAt)];
    }
    case 'retention':
      return [item.record];
  }
}

export function contentHash(item: Recorded): string {
  return sha256(JSON.stringify([item.kind, ...fields(item)]));
}

/** An entry's hash: over the previous entry's hash and its own content's. */
export function chainHash(previous: string, content: string): string {
  return sha256(`${previous}${content}`);
}

/** The entries that append `items` to the chain after `head`, in order, and the new head. */
export function appendTo(head: ChainHead, items: Recorded[]): { entries: ChainEntry[]; head: ChainHead } {
  let { seq, hash } = head;
  const entries = items.map((item) => {
    seq += 1;
    const content = contentHash(item);
    hash = chainHash(hash, content);
    return {
      seq,
      kind: item.kind,
      linkId: item.kind === 'link' ? item.row.id : item.kind === 'event' ? item.row.linkId : null,
      eventId: item.kind === 'event' ? item.row.id : null,
      mappingChangeId: item.kind === 'mapping' ? item.row.id : null,
      alias: item.kind === 'mapping' ? item.row.alias : null,
      record: item.kind === 'retention' ? item.record : null,
      contentHash: content,
      hash,
    };
  });
  return { entries, head: { seq, hash } };
}
