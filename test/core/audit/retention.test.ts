import { describe, expect, it } from 'vitest';
import { RetentionSweep } from '../../../src/core/audit/retention.js';
import { verifyTrail } from '../../../src/core/audit/verify.js';
import { newLink } from '../../helpers/fixtures.js';
import { InMemoryDatabase } from '../../helpers/in-memory-database.js';

const now = new Date('2028-12-01T00:00:00Z');
const year = 365 * 86_400_000;

async function trailOf(links: number): Promise<InMemoryDatabase> {
  const db = new InMemoryDatabase(() => now);
  for (let i = 0; i < links; i++) await db.links.create(newLink({ id: `L-${String(i).padStart(4, '0')}` }));
  return db;
}

describe('RetentionSweep', () => {
  it('removes links past the period in batches until none is left, and the trail still verifies', async () => {
    const db = await trailOf(1_200);
    expect(await new RetentionSweep(db, year, () => now).sweep()).toEqual({ links: 1_200, events: 0, messages: 0 });
    expect(db.rows('Link')).toEqual([]);
    expect(await verifyTrail(db.audit)).toMatchObject({ intact: true, entries: 1_200 + 3, pending: 0 }); // one retention entry a batch
  });

  it('ends between two batches when the bot stops', async () => {
    const db = await trailOf(1_200);
    const stopping = AbortSignal.abort();
    expect(await new RetentionSweep(db, year, () => now).sweep(stopping)).toMatchObject({ links: 500 });
    expect(db.rows('Link')).toHaveLength(700);
  });
});
