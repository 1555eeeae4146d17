// What a retention entry records: which rows it removed, so that the chain still accounts for
// every entry whose row is gone.
import { sha256, type ChainEntry } from './chain.js';

export interface RetentionRecord {
  /** Links whose last activity was before this were removed. */
  lastActivityBefore: string;
  links: number;
  events: number;
  /** Chain entries whose rows this removed, and a digest of them in chain order. */
  entries: number;
  digest: string;
}

/** A running digest of the entries a retention entry removed, in chain order. */
export const prunedDigest = {
  start: sha256('pruned'),
  add: (digest: string, entry: Pick<ChainEntry, 'seq' | 'contentHash'>): string => sha256(`${digest}${entry.seq}:${entry.contentHash}`),
};

export function writeRetentionRecord(record: RetentionRecord): string {
  return JSON.stringify(record);
}

/** The record, or null when it is not one a retention entry writes. */
export function readRetentionRecord(text: string | null): RetentionRecord | null {
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as Partial<RetentionRecord>;
    return typeof parsed.entries === 'number' && typeof parsed.digest === 'string' ? (parsed as RetentionRecord) : null;
  } catch {
    return null;
  }
}
