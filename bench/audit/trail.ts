// The audit trail the audit bench reads: customers with aliases, issuers, and links spread over
// two years with a few events each, made up deterministically (the same trail on every run and
// on both databases). The rows come in batches, one list per table, in the order the tables must
// be written (a row's foreign keys point at rows of earlier tables or earlier batches), so a
// further table derived from links and events joins the seed as one more entry per batch.
import { extensionDetail } from '../../src/core/links/link.js';
import { SeededChain } from './chain.js';

export type Value = string | number | boolean | Date | null;

/** A table the seed fills: its columns, typed for PostgreSQL's arrays (SQLite needs no types). */
export interface SeedTable {
  name: string;
  columns: ReadonlyArray<readonly [name: string, type: 'text' | 'timestamp' | 'integer' | 'boolean']>;
}

export const TABLES = {
  OrgMapping: {
    name: 'OrgMapping',
    columns: [['alias', 'text'], ['orgId', 'text'], ['displayName', 'text'], ['createdBy', 'text'], ['createdAt', 'timestamp'], ['updatedAt', 'timestamp']],
  },
  ChannelMapping: {
    name: 'ChannelMapping',
    columns: [['teamId', 'text'], ['channelId', 'text'], ['alias', 'text'], ['createdBy', 'text'], ['createdAt', 'timestamp']],
  },
  Link: {
    name: 'Link',
    columns: [
      ['id', 'text'], ['kind', 'text'], ['outcome', 'text'], ['failureReason', 'text'], ['teamId', 'text'], ['channelId', 'text'],
      ['issuerId', 'text'], ['issuerName', 'text'], ['orgQuery', 'text'], ['orgId', 'text'], ['orgName', 'text'], ['tokenHash', 'text'],
      ['scalekitLinkId', 'text'], ['idp', 'text'], ['note', 'text'], ['scope', 'text'], ['expiresAt', 'timestamp'], ['createdAt', 'timestamp'],
      ['revokedAt', 'timestamp'], ['revokedBy', 'text'], ['replacedBy', 'text'], ['issuedExpiresAt', 'timestamp'], ['sealed', 'boolean'],
    ],
  },
  LinkEvent: {
    name: 'LinkEvent',
    columns: [['id', 'integer'], ['linkId', 'text'], ['type', 'text'], ['detail', 'text'], ['actor', 'text'], ['createdAt', 'timestamp'], ['sealed', 'boolean']],
  },
  AuditHead: {
    name: 'AuditHead',
    columns: [['id', 'integer'], ['seq', 'integer'], ['hash', 'text']],
  },
  AuditEntry: {
    name: 'AuditEntry',
    columns: [['seq', 'integer'], ['kind', 'text'], ['linkId', 'text'], ['eventId', 'integer'], ['contentHash', 'text'], ['hash', 'text']],
  },
} as const satisfies Record<string, SeedTable>;

/** Rows per table, in the order the tables are written. */
export type Batch = Array<{ table: SeedTable; rows: Value[][] }>;

export interface TrailSize {
  links: number;
  customers: number;
  issuers: number;
  /** How far back the first link goes. */
  days: number;
}

export const FULL_TRAIL: TrailSize = { links: 1_000_000, customers: 1_000, issuers: 200, days: 730 };

const TEAM = 'T0BENCH';
const DAY = 86_400_000;
const TTL = 7 * DAY;
const ID_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const SPACE = ID_ALPHABET.length ** 8;

/** Mulberry32: a small seeded generator, so that every run writes the same trail. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The n-th link's id, shaped like the bot's and scattered as its random ones are (a bijection, so never twice). */
export function linkId(n: number): string {
  let value = (n * 1_000_003) % SPACE;
  let id = '';
  for (let i = 0; i < 8; i++) {
    id += ID_ALPHABET[value % ID_ALPHABET.length];
    value = Math.floor(value / ID_ALPHABET.length);
  }
  return `L-${id}`;
}

export const customer = (n: number) => ({ alias: `cust-${String(n).padStart(4, '0')}`, orgId: `org_bench_${String(n).padStart(4, '0')}`, name: `Customer ${n}` });
export const issuer = (n: number) => ({ id: `U0BENCH${String(n).padStart(3, '0')}`, name: `csm-${n}` });

/** The mappings: each customer under its alias and, for one in ten, a second alias and a channel. */
function mappings(size: TrailSize, start: Date): Batch {
  const orgs: Value[][] = [];
  const channels: Value[][] = [];
  for (let n = 0; n < size.customers; n++) {
    const { alias, orgId, name } = customer(n);
    orgs.push([alias, orgId, name, issuer(0).id, start, start]);
    if (n % 10 === 0) {
      orgs.push([`${alias}-eu`, orgId, `${name} EU`, issuer(0).id, start, start]);
      channels.push([TEAM, `C0BENCH${n}`, alias, issuer(0).id, start]);
    }
  }
  return [
    { table: TABLES.OrgMapping, rows: orgs },
    { table: TABLES.ChannelMapping, rows: channels },
  ];
}

const FAILURES = ['org_not_found', 'scalekit_unavailable', 'not_authorized'];
const PORTAL_EVENTS = ['ORGANIZATION_SSO_ENABLED', 'ORGANIZATION_DIRECTORY_ENABLED', 'SSO_CONFIGURATION_STARTED'];
const IDPS = ['okta', 'entra', 'google', null, null];

/**
 * Every table's rows, `batchSize` links at a time, links oldest first up to `now`. About 95 % of
 * attempts are issued, four in five of them hosted; most hosted links are viewed and many mint
 * sessions; some are revoked, extended or replaced (the next link takes the place of a replaced one).
 */
export function* trail(size: TrailSize, now: Date, batchSize: number): Generator<Batch> {
  const next = random(size.links);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const first = now.getTime() - size.days * DAY;
  const step = (size.days * DAY) / size.links;
  yield mappings(size, new Date(first));
  let eventId = 0;
  // Every row is written sealed, with its chain entry, as the bot's sealer would have left it.
  const chain = new SeededChain();
  // A replaced link's successor: same customer and issuer, written as the next link.
  let successorOf: { customer: number; issuer: number } | undefined;
  for (let start = 0; start < size.links; start += batchSize) {
    const links: Value[][] = [];
    const events: Value[][] = [];
    const event = (link: string, type: string, detail: string | null, actor: string | null, at: number) => events.push([++eventId, link, type, detail, actor, new Date(at), true]);
    for (let n = start; n < Math.min(start + batchSize, size.links); n++) {
      const id = linkId(n);
      const createdAt = Math.floor(first + n * step + next() * step);
      const who = successorOf ?? { customer: Math.floor(next() * size.customers), issuer: Math.floor(next() * size.issuers) };
      successorOf = undefined;
      const { alias, orgId, name } = customer(who.customer);
      const csm = issuer(who.issuer);
      const kind = next() < 0.8 ? 'hosted' : 'direct';
      const common = [TEAM, `C0BENCH${who.customer % 50}`, csm.id, csm.name, alias] as const;
      if (next() < 0.05 && n + 1 < size.links) {
        const reason = pick(FAILURES);
        const resolved = reason !== 'org_not_found';
        links.push([id, kind, 'failed', reason, ...common, resolved ? orgId : null, resolved ? name : null, null, null, null, null, 'all', null, new Date(createdAt), null, null, null, null, true]);
        continue;
      }
      const issuedExpiresAt = createdAt + TTL;
      let expiresAt = issuedExpiresAt;
      const end = Math.min(now.getTime(), expiresAt);
      const during = () => createdAt + Math.floor(next() * (end - createdAt));
      if (kind === 'hosted' && next() < 0.7) {
        const viewed = during();
        for (let v = 0; v < 1 + Math.floor(next() * 3); v++) event(id, 'viewed', null, 'page', viewed + v * 60_000);
        if (next() < 0.6) event(id, 'session_minted', null, 'page', viewed + 1_000);
        if (next() < 0.2) event(id, 'portal_event', pick(PORTAL_EVENTS), 'page', viewed + 600_000);
      }
      if (next() < 0.05) {
        const extendedAt = during();
        event(id, 'extended', extensionDetail(new Date(expiresAt), new Date(expiresAt + TTL)), csm.id, extendedAt);
        expiresAt += TTL;
      }
      let revokedAt: number | null = null;
      let replacedBy: string | null = null;
      const fate = next();
      if (fate < 0.02 && n + 1 < size.links) {
        // Replaced when the next link was issued: it takes this one's customer and issuer.
        replacedBy = linkId(n + 1);
        revokedAt = Math.floor(first + (n + 1) * step);
        successorOf = who;
        event(id, 'replaced', replacedBy, csm.id, revokedAt);
      } else if (fate < 0.07) {
        revokedAt = during();
        event(id, 'revoked', null, csm.id, revokedAt);
      }
      links.push([
        id, kind, 'issued', null, ...common, orgId, name,
        kind === 'hosted' ? `hash-${id}` : null, kind === 'direct' ? `pl_${n}` : null, pick(IDPS),
        next() < 0.1 ? `renewal ${n}` : null, next() < 0.9 ? 'all' : pick(['sso', 'directory']),
        new Date(expiresAt), new Date(createdAt), revokedAt === null ? null : new Date(revokedAt), revokedAt === null ? null : csm.id, replacedBy,
        new Date(issuedExpiresAt), true,
      ]);
    }
    yield [
      { table: TABLES.Link, rows: links },
      { table: TABLES.LinkEvent, rows: events },
      { table: TABLES.AuditEntry, rows: chain.seal(links, events) },
    ];
  }
  yield [{ table: TABLES.AuditHead, rows: [[1, chain.head.seq, chain.head.hash]] }];
}
