// The audit chain in the database (see src/core/audit). Writes stay as they were (a row, marked
// unsealed); the sealer chains unsealed rows shortly after, in batches, behind a lock on the one
// AuditHead row, so sealers on several replicas queue there and the chain has one order. Hot
// paths (a page view, a portal session, an issue) pay nothing for the chain.
import { Prisma } from './generated/sqlite/client.js';
import { appendTo, GENESIS, type ChainHead, type Recorded } from '../core/audit/chain.js';
import { extendedFrom } from '../core/links/link.js';
import { isUniqueViolation, type DbClient, type DbTransaction } from './prisma.js';

const HEAD = 1;

/** Locks the head row until `tx` ends and returns it: whoever appends to the chain starts here. */
export async function lockHead(tx: DbTransaction): Promise<ChainHead> {
  // Raw SQL on the chain's own tables (no dates to convert), a few statements per batch.
  const [locked] = await tx.$queryRaw<Array<{ seq: number | bigint; hash: string }>>`
    UPDATE "AuditHead" SET "seq" = "seq" WHERE "id" = ${HEAD} RETURNING "seq", "hash"`;
  if (!locked) throw new Error('the audit chain has not been started');
  return { seq: Number(locked.seq), hash: locked.hash };
}

/** Entries per INSERT: their bound values stay under SQLite's limit. */
const ENTRIES_PER_INSERT = 100;

/** Appends the entries of `items` after `before` (the head locked in `tx`) and moves the head. */
export async function append(tx: DbTransaction, before: ChainHead, items: Recorded[]): Promise<void> {
  const { entries, head } = appendTo(before, items);
  for (let i = 0; i < entries.length; i += ENTRIES_PER_INSERT) {
    const values = entries
      .slice(i, i + ENTRIES_PER_INSERT)
      .map((e) => Prisma.sql`(${e.seq}, ${e.kind}, ${e.linkId}, ${e.eventId}, ${e.mappingChangeId}, ${e.alias}, ${e.record}, ${e.contentHash}, ${e.hash})`);
    await tx.$executeRaw`INSERT INTO "AuditEntry" ("seq", "kind", "linkId", "eventId", "mappingChangeId", "alias", "record", "contentHash", "hash") VALUES ${Prisma.join(values)}`;
  }
  await tx.$executeRaw`UPDATE "AuditHead" SET "seq" = ${head.seq}, "hash" = ${head.hash} WHERE "id" = ${HEAD}`;
}

export async function chainHead(prisma: DbClient | DbTransaction): Promise<ChainHead | null> {
  const head = await prisma.auditHead.findUnique({ where: { id: HEAD } });
  return head && { seq: head.seq, hash: head.hash };
}

/** Rows of each kind one sealing step takes: a step holds the head briefly. */
const BATCH = 500;

const unsealed = { where: { sealed: false } } as const;

/** Chains every row written and not yet chained; returns how many it chained. */
export async function sealPending(prisma: DbClient): Promise<number> {
  let total = 0;
  for (;;) {
    const step = await sealStep(prisma);
    if (step === null) continue; // another replica sealed some of these rows first: read again
    total += step.rows;
    if (!step.more) return total;
  }
}

/** Another replica's step sealed some of the rows this one read. */
const TAKEN = new Error('rows sealed by another replica');

/**
 * One step: the rows waiting are read without a lock (an idle bot takes none); the head is locked
 * only to mark them and append their entries, so writers wait as little as possible. Returns how
 * many rows it sealed and whether more may wait, or null when another replica sealed some first.
 */
async function sealStep(prisma: DbClient): Promise<{ rows: number; more: boolean } | null> {
  const [changes, links, events] = await Promise.all([
    prisma.mappingChange.findMany({ ...unsealed, orderBy: { id: 'asc' }, take: BATCH }),
    prisma.link.findMany({ ...unsealed, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: BATCH }),
    prisma.linkEvent.findMany({ ...unsealed, orderBy: { id: 'asc' }, take: BATCH }),
  ]);
  // Links written by a release before the column existed carry no issued expiry yet.
  const undated = links.filter((link) => link.issuedExpiresAt === null && link.expiresAt !== null);
  if (undated.length) await prisma.$executeRaw`UPDATE "Link" SET "issuedExpiresAt" = "expiresAt" WHERE "id" IN (${Prisma.join(undated.map((link) => link.id))}) AND "issuedExpiresAt" IS NULL`;
  for (const link of undated) link.issuedExpiresAt = link.expiresAt;
  const items: Recorded[] = [
    ...changes.map((row) => ({ kind: 'mapping' as const, row })),
    ...links.map((row) => ({ kind: 'link' as const, row })),
    ...events.map((row) => ({ kind: 'event' as const, row })),
  ];
  if (items.length === 0) return { rows: 0, more: false };
  try {
    await prisma.$transaction(async (tx) => {
      // The head first: another replica's step waits here, then finds these rows sealed.
      const head = await lockHead(tx);
      const marked =
        (await tx.mappingChange.updateMany({ where: { id: { in: changes.map((row) => row.id) }, sealed: false }, data: { sealed: true } })).count +
        (await tx.link.updateMany({ where: { id: { in: links.map((row) => row.id) }, sealed: false }, data: { sealed: true } })).count +
        (await tx.linkEvent.updateMany({ where: { id: { in: events.map((row) => row.id) }, sealed: false }, data: { sealed: true } })).count;
      if (marked !== items.length) throw TAKEN;
      await append(tx, head, items);
    });
  } catch (error) {
    if (error === TAKEN) return null;
    throw error;
  }
  return { rows: items.length, more: Math.max(changes.length, links.length, events.length) === BATCH };
}

/**
 * Starts the chain once, on the first start after the migration that added it: mappings as they
 * stand become `mapped` changes, and each link extended before gets the expiry it was issued
 * with. The sealer then chains every row already there.
 */
export async function startChain(prisma: DbClient): Promise<void> {
  if (await chainHead(prisma)) return;
  // Entries without a head: someone deleted it. Starting over would fork the chain.
  if (await prisma.auditEntry.findFirst()) throw new Error('the audit chain has entries but no head row (AuditHead): restore it from a backup before starting the bot');
  try {
    await prisma.$transaction(async (tx) => {
      // The head's key lets one process start the chain: another waits here, then finds it taken.
      await tx.auditHead.create({ data: { id: HEAD, seq: 0, hash: GENESIS } });
      await recordExistingMappings(tx);
      await recordIssuedExpiries(tx);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

async function recordExistingMappings(tx: DbTransaction): Promise<void> {
  const mappings = await tx.orgMapping.findMany({ include: { channels: true }, orderBy: { alias: 'asc' } });
  await tx.mappingChange.createMany({
    data: mappings.flatMap((m) => [
      { alias: m.alias, action: 'mapped', orgId: m.orgId, externalId: m.externalId, displayName: m.displayName, actor: m.createdBy, createdAt: m.createdAt },
      ...m.channels.map((c) => ({ alias: m.alias, action: 'channel_mapped', teamId: c.teamId, channelId: c.channelId, actor: c.createdBy, createdAt: c.createdAt })),
    ]),
  });
}

/** A link extended before the column existed was issued with its first extension's starting expiry. */
async function recordIssuedExpiries(tx: DbTransaction): Promise<void> {
  const extensions = await tx.linkEvent.findMany({ where: { type: 'extended' }, orderBy: { id: 'asc' } });
  for (const event of extensions) {
    const from = extendedFrom(event.detail);
    // Oldest first, and only while unset: the first extension's starting point wins.
    if (from) await tx.link.updateMany({ where: { id: event.linkId, issuedExpiresAt: null }, data: { issuedExpiresAt: from } });
  }
}
