// The walk over the chain, on entries made by hand: what each kind of damage looks like.
import { describe, expect, it } from 'vitest';
import { appendTo, contentHash, GENESIS, type Recorded } from '../../../src/core/audit/chain.js';
import { prunedDigest, writeRetentionRecord } from '../../../src/core/audit/retention-record.js';
import { verifyChain, type StoredEntry } from '../../../src/core/audit/verify.js';

const at = new Date('2026-11-01T00:00:00Z');
const event = (id: number): Recorded => ({ kind: 'event', row: { id, linkId: 'L-one', type: 'viewed', detail: null, actor: null, createdAt: at } });

/** Entries as stored, every row still there as recorded. */
function chainOf(items: Recorded[]): StoredEntry[] {
  return appendTo({ seq: 0, hash: GENESIS }, items).entries.map((entry) => ({ ...entry, prunedBy: null, current: entry.contentHash }));
}

async function* pages(entries: StoredEntry[]) {
  yield entries;
}

const verify = (entries: StoredEntry[], head = entries.at(-1) ?? null) => verifyChain(pages(entries), head && { seq: head.seq, hash: head.hash }, async () => null);

describe('verifying the audit chain', () => {
  it('accepts an intact chain, and ignores entries appended after the head it was given', async () => {
    const entries = chainOf([event(1), event(2), event(3)]);
    expect(await verify(entries)).toMatchObject({ intact: true, entries: 3, head: { seq: 3 } });
    expect(await verify(entries, entries[1])).toMatchObject({ intact: true, entries: 2 });
  });

  it('reports a row whose content changed, and one that is gone', async () => {
    const entries = chainOf([event(1), event(2)]);
    expect(await verify(entries.map((e) => (e.seq === 2 ? { ...e, current: contentHash(event(9)) } : e)))).toMatchObject({ intact: false, problem: { problem: 'changed', subject: { eventId: 2 } } });
    expect(await verify(entries.map((e) => (e.seq === 1 ? { ...e, current: null } : e)))).toMatchObject({ intact: false, problem: { problem: 'deleted', subject: { eventId: 1 } } });
  });

  it('reports missing entries and a head past the end', async () => {
    const entries = chainOf([event(1), event(2), event(3)]);
    expect(await verify([entries[0]!, entries[2]!])).toMatchObject({ intact: false, problem: { problem: 'entries_missing', from: 2, to: 2, after: { eventId: 1 } } });
    expect(await verify(entries.slice(0, 2), entries[2])).toMatchObject({ intact: false, problem: { problem: 'truncated', head: { seq: 3 }, last: { seq: 2 } } });
  });

  it('accepts rows a retention entry accounts for, and nothing else', async () => {
    const [one, two] = chainOf([event(1), event(2)]);
    const digest = prunedDigest.add(prunedDigest.start, one!);
    const record = (entries: number) => writeRetentionRecord({ lastActivityBefore: at.toISOString(), links: 1, events: 1, entries, digest });
    const retention = (entries: number) => appendTo({ seq: 2, hash: two!.hash }, [{ kind: 'retention', record: record(entries) }]).entries[0]!;
    const pruned = { ...one!, prunedBy: 3, current: null };
    expect(await verify([pruned, two!, { ...retention(1), prunedBy: null, current: retention(1).contentHash }])).toMatchObject({ intact: true, entries: 3 });
    // The record says two entries went, but only one is marked as removed by it.
    expect(await verify([pruned, two!, { ...retention(2), prunedBy: null, current: retention(2).contentHash }])).toMatchObject({ intact: false, problem: { problem: 'broken', subject: { kind: 'retention', seq: 3 } } });
    // The record edited after it was written.
    expect(await verify([pruned, two!, { ...retention(1), prunedBy: null, current: contentHash({ kind: 'retention', record: '{}' }) }])).toMatchObject({ intact: false, problem: { problem: 'changed', subject: { kind: 'retention' } } });
    // Marked as removed by an entry that is not there.
    expect(await verify([{ ...pruned, prunedBy: 9 }, two!])).toMatchObject({ intact: false, problem: { problem: 'broken', subject: { kind: 'retention', seq: 9 } } });
  });
});
