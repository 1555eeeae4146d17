// Which boards a write changes. The database is wrapped once, so every use case that issues,
// revokes, extends, replaces, records a view or a session, claims a setup notice or a reminder
// moves the board without knowing it exists.
import { LRUCache } from 'lru-cache';
import type { Database, LinkRepository, OrgEventRepository, ReminderRepository } from '../ports.js';

/** What a write touched: links by id, issuers directly, every issuer with links to an organization, or to a link's organization. */
interface Touched {
  linkIds?: string[];
  issuerIds?: string[];
  orgId?: string;
  orgOfLinkId?: string;
}

type Hooks<T> = {
  [K in keyof T]?: T[K] extends (...args: infer A) => Promise<infer R> ? (result: R, ...args: A) => Touched : never;
};

/** Issuers with links to one organization that a webhook reaches (the newest links only). */
const ORG_ISSUERS_LOOKED_AT = 100;

/**
 * `db`, telling `changed` whose boards each successful write changed, after the write and
 * without delaying it; a failure to find out goes to `failed`.
 */
export function watchBoardChanges(db: Database, changed: (issuerIds: string[]) => void, failed: (error: unknown) => void): Database {
  // A link's sender and organization never change: a page's views and sessions, many a second
  // on a busy link, look them up once.
  const known = new LRUCache<string, { issuerId: string; orgId: string | null }>({
    max: 10_000,
    fetchMethod: async (id) => {
      const link = await db.links.findById(id);
      return link ? { issuerId: link.issuerId, orgId: link.orgId } : undefined;
    },
  });
  const issuersOf = async ({ linkIds = [], issuerIds = [], orgId, orgOfLinkId }: Touched): Promise<string[]> => {
    const links = await Promise.all(linkIds.map((id) => known.fetch(id)));
    const org = orgId ?? (orgOfLinkId ? (await known.fetch(orgOfLinkId))?.orgId : undefined);
    const ofOrg = org ? await db.links.recent({ orgId: org, limit: ORG_ISSUERS_LOOKED_AT }) : [];
    return [...new Set([...issuerIds, ...links.flatMap((link) => (link ? [link.issuerId] : [])), ...ofOrg.map((link) => link.issuerId)])];
  };
  const notify = (touched: Touched) => {
    if (!touched.linkIds?.length && !touched.issuerIds?.length && !touched.orgId && !touched.orgOfLinkId) return;
    issuersOf(touched).then((issuerIds) => issuerIds.length && changed(issuerIds), failed);
  };
  const watched = <T extends object>(target: T, hooks: Hooks<T>): T =>
    new Proxy(target, {
      get(object, name) {
        const value: unknown = Reflect.get(object, name, object);
        if (typeof value !== 'function') return value;
        const hook = hooks[name as keyof T] as ((result: unknown, ...args: unknown[]) => Touched) | undefined;
        if (!hook) return value.bind(object);
        return async (...args: unknown[]) => {
          const result: unknown = await value.apply(object, args);
          notify(hook(result, ...args));
          return result;
        };
      },
    });

  const links = watched<LinkRepository>(db.links, {
    create: (_, link) => ({ issuerIds: [link.issuerId] }),
    // Only what the board shows: a refused request to a dead link's page changes nothing on it.
    addEvent: (_, event) => (event.type === 'viewed' || event.type === 'session_minted' ? { linkIds: [event.linkId] } : {}),
    // A part set up counts on the board of everyone who sent the customer a link.
    claimSetupNotice: (claimed, input) => (claimed ? { orgOfLinkId: input.linkId } : {}),
    revoke: (done, input) => (done ? { linkIds: [input.linkId] } : {}),
    extend: (done, input) => (done ? { linkIds: [input.linkId] } : {}),
    replace: (done, input) => (done ? { linkIds: [input.linkId], issuerIds: [input.fresh.issuerId] } : {}),
  });
  const reminders = watched<ReminderRepository>(db.reminders, {
    claim: (count, claims) => (count ? { linkIds: claims.filter((claim) => claim.message).map((claim) => claim.linkId) } : {}),
  });
  const orgEvents = watched<OrgEventRepository>(db.orgEvents, {
    record: (fresh, event) => (fresh ? { orgId: event.orgId } : {}),
  });
  return {
    audit: db.audit,
    mappings: db.mappings,
    outbox: db.outbox,
    links,
    reminders,
    orgEvents,
    ping: () => db.ping(),
    checkLinkWrites: () => db.checkLinkWrites(),
    missingMigrations: () => db.missingMigrations(),
    close: () => db.close(),
  };
}
