// The audit chain in the database (see src/core/audit): every write of a link, an event on a
// link or a mapping change appends its entries in the same transaction, behind a lock on the one
// AuditHead row, so writers on several replicas queue there and the chain has one order.
import { appendTo, GENESIS, type ChainHead, type Recorded } from '../core/audit/chain.js';
import { extendedFrom } from '../core/links/link.js';
import { isUniqueViolation, type DbClient, type DbTransaction } from './prisma.js';

const HEAD = 1;

/** Appends `items` (rows already written in `tx`) to the chain. The head row stays locked until `tx` ends. */
export async function seal(tx: DbTransaction, items: Recorded[]): Promise<void> {
  if (items.length === 0) return;
  await append(tx, await reserve(tx, items.length), items);
}

/**
 * Locks the head and reserves the next `count` places in the chain, for a caller that must hold
 * the lock before it decides what to write (retention). Returns the head before them.
 */
export async function reserve(tx: DbTransaction, count: number): Promise<ChainHead> {
  const locked = await tx.auditHead.update({ where: { id: HEAD }, data: { seq: { increment: count } } });
  return { seq: locked.seq - count, hash: locked.hash };
}

/** Writes the entries of `items` in the places reserved after `before`. */
export async function append(tx: DbTransaction, before: ChainHead, items: Recorded[]): Promise<void> {
  const { entries, head } = appendTo(before, items);
  await tx.auditEntry.createMany({ data: entries });
  await tx.auditHead.update({ where: { id: HEAD }, data: { hash: head.hash } });
}

export async function chainHead(prisma: DbClient): Promise<ChainHead | null> {
  const head = await prisma.auditHead.findUnique({ where: { id: HEAD } });
  return head && { seq: head.seq, hash: head.hash };
}

/** Rows per step of the first chaining: bounded memory whatever the size of the trail. */
const PAGE = 2_000;

/**
 * Starts the chain once, over every row written before it existed (the first start after the
 * migration that added it): mappings as they stand become `mapped` changes, each link gets the
 * expiry it was issued with, then every link, event and change is chained.
 */
export async function startChain(prisma: DbClient): Promise<void> {
  if (await chainHead(prisma)) return;
  try {
    await prisma.$transaction(
      async (tx) => {
        // The head's key lets one process start the chain: another waits here, then finds it taken.
        await tx.auditHead.create({ data: { id: HEAD, seq: 0, hash: GENESIS } });
        await recordExistingMappings(tx);
        await recordIssuedExpiries(tx);
        for await (const items of existingRows(tx)) await seal(tx, items);
      },
      { timeout: 30 * 60_000, maxWait: 60_000 },
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

async function recordExistingMappings(tx: DbTransaction): Promise<void> {
  const mappings = await tx.orgMapping.findMany({ include: { channels: true }, orderBy: { alias: 'asc' } });
  for (const m of mappings) {
    await tx.mappingChange.create({
      data: { alias: m.alias, action: 'mapped', orgId: m.orgId, externalId: m.externalId, displayName: m.displayName, actor: m.createdBy, createdAt: m.createdAt },
    });
    for (const c of m.channels) {
      await tx.mappingChange.create({ data: { alias: m.alias, action: 'channel_mapped', teamId: c.teamId, channelId: c.channelId, actor: c.createdBy, createdAt: c.createdAt } });
    }
  }
}

/** Links issued before the column existed (the migration copied their expiry): the expiry before any extension. */
async function recordIssuedExpiries(tx: DbTransaction): Promise<void> {
  const extensions = await tx.linkEvent.findMany({ where: { type: 'extended' }, orderBy: { id: 'desc' } });
  // Newest first, so the last write for a link is its first extension's starting point.
  for (const event of extensions) {
    const from = extendedFrom(event.detail);
    if (from) await tx.link.update({ where: { id: event.linkId }, data: { issuedExpiresAt: from } });
  }
}

async function* existingRows(tx: DbTransaction): AsyncGenerator<Recorded[]> {
  for (let after = 0; ; ) {
    const rows = await tx.mappingChange.findMany({ where: { id: { gt: after } }, orderBy: { id: 'asc' }, take: PAGE });
    if (rows.length === 0) break;
    yield rows.map((row) => ({ kind: 'mapping', row }));
    after = rows.at(-1)!.id;
  }
  for (let cursor: { createdAt: Date; id: string } | undefined; ; ) {
    const rows = await tx.link.findMany({
      where: cursor ? { OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }] } : {},
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: PAGE,
    });
    if (rows.length === 0) break;
    yield rows.map((row) => ({ kind: 'link', row }));
    cursor = rows.at(-1)!;
  }
  for (let after = 0; ; ) {
    const rows = await tx.linkEvent.findMany({ where: { id: { gt: after } }, orderBy: { id: 'asc' }, take: PAGE });
    if (rows.length === 0) break;
    yield rows.map((row) => ({ kind: 'event', row }));
    after = rows.at(-1)!.id;
  }
}
