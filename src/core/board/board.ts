// The onboarding board: each customer someone sent links to, how far their setup has come, and
// what needs attention first. Pure: the service gathers the facts, these rules decide.
import type { SetupPart } from '../links/events.js';
import type { FailedAttempt, IssuedLink, LinkKind, LinkState } from '../links/link.js';
import type { LinkScope } from '../links/scope.js';
import { partsOf } from '../links/scope.js';
import { linkState } from '../links/state.js';
import { bornExpiring, type ReminderTimings } from '../links/reminders.js';
import type { ReminderReason } from '../outbox/message.js';
import type { PartsDone } from '../ports.js';

/** How far a customer's setup has come, in order; only the parts in the link's scope apply. */
export const STAGES = ['sent', 'opened', 'portal', 'sso', 'directory'] as const;
export type Stage = (typeof STAGES)[number];

/** Why a customer needs the sender's attention, most urgent first. */
export const ATTENTION = ['failed', 'expired', 'expiring', 'stalled', 'unopened'] as const;
export type Attention = (typeof ATTENTION)[number];

type Placed = 'id' | 'kind' | 'issuerId' | 'orgQuery' | 'scope' | 'createdAt' | 'outcome' | 'orgId' | 'orgName';

/** What the board reads of a link: enough to place it and say what it is now, nothing more (notes can be long). */
export type BoardLinkRecord = Pick<IssuedLink, Placed | 'expiresAt' | 'revokedAt' | 'replacedBy'> | Pick<FailedAttempt, Placed>;

/** What the database tells the board about one link. */
export interface BoardLink {
  link: BoardLinkRecord;
  firstViewAt: Date | null;
  firstSessionAt: Date | null;
  lastSessionAt: Date | null;
  sessions: number;
  lastReminder: { reason: ReminderReason; at: Date } | null;
  /** The parts the issuer was told are finished through this link, and when. */
  finished: Array<{ part: SetupPart; at: Date }>;
}

/** What Scalekit says of a part (its webhooks, or a recent `status`): it outranks the bot's own records, but for a notice after a "not done". */
export interface PartFact {
  done: boolean;
  /** When it came about (a webhook), or when Scalekit said so (a `status` answer). */
  at: Date;
  /** A `status` answer no webhook spoke against: it holds at `at`, since when is unknown (the bot's notices may tell). */
  asOf?: boolean;
}

/** What Scalekit says of each organization's parts, where it said anything. */
export type PartFacts = ReadonlyMap<string, Partial<Record<SetupPart, PartFact>>>;

/** One customer on the board. */
export interface BoardRow {
  /** The organization's id, or `?` and the name typed for a customer never resolved. */
  key: string;
  orgId: string | null;
  customer: string;
  /** How to name the customer in a new request: what the sender typed last, or the org id. */
  orgQuery: string;
  /** Who sent the newest link. */
  issuerId: string;
  scope: LinkScope;
  stage: Stage;
  /** When the customer reached the stage. */
  since: Date;
  /** Every part the scope offers is set up. */
  finished: boolean;
  /** Most urgent first; empty when nothing needs doing. */
  attention: Attention[];
  /** The newest link that left the bot, as it is now. */
  link: { id: string; kind: LinkKind; state: LinkState; createdAt: Date; expiresAt: Date } | null;
  lastReminder: { reason: ReminderReason; at: Date } | null;
}

export interface BoardRules {
  /** The reminder thresholds: what counts as unopened, expiring soon and stalled. */
  timings: ReminderTimings;
  maxSessionsPerLink?: number;
}

const newest = (a: BoardLink, b: BoardLink): number => b.link.createdAt.getTime() - a.link.createdAt.getTime() || (b.link.id < a.link.id ? -1 : 1);
const typed = ({ link }: BoardLink): string => link.orgQuery.trim().toLowerCase();
const typedBy = (item: BoardLink): string => `${item.link.issuerId}\u0000${typed(item)}`;

/**
 * The customer of each link: its organization; for an attempt that failed before the customer was
 * resolved, the organization the same sender's same words reached last (an alias mapped since, say),
 * else the words themselves.
 */
function customerKeys(links: readonly BoardLink[]): (item: BoardLink) => string {
  const reached = new Map<string, string>();
  for (const item of [...links].sort(newest).reverse()) if (item.link.orgId && typed(item)) reached.set(typedBy(item), item.link.orgId);
  return (item) => item.link.orgId ?? reached.get(typedBy(item)) ?? `?${typed(item)}`;
}

/** One row per customer of `links`, ordered: needs attention, then in progress, then finished. */
export function boardRows(links: readonly BoardLink[], facts: PartFacts, rules: BoardRules, now: Date, noticed: ReadonlyMap<string, PartsDone> = new Map()): BoardRow[] {
  const keyOf = customerKeys(links);
  const byCustomer = new Map<string, BoardLink[]>();
  for (const item of links) {
    const key = keyOf(item);
    const items = byCustomer.get(key);
    if (items) items.push(item);
    else byCustomer.set(key, [item]);
  }
  return [...byCustomer.entries()].map(([key, items]) => rowOf(key, items.sort(newest), facts, rules, now, noticed)).sort(byUrgency);
}

function rowOf(key: string, items: BoardLink[], facts: PartFacts, rules: BoardRules, now: Date, noticed: ReadonlyMap<string, PartsDone>): BoardRow {
  const latest = items[0]!;
  const current = items.find(({ link }) => link.outcome === 'issued');
  const scope = (current ?? latest).link.scope;
  const orgId = items.find(({ link }) => link.orgId)?.link.orgId ?? null;
  const done = partsOf(scope).map((part) => partDone(part, orgId ? facts.get(orgId)?.[part] : undefined, items, orgId ? noticed.get(orgId)?.[part] : undefined));
  const finished = done.every((at) => at !== null);
  const issued = current?.link.outcome === 'issued' ? current.link : null;
  const state = issued ? linkState(issued, now, current!.sessions, rules.maxSessionsPerLink) : null;
  const { stage, since } = stageOf(scope, done, current, latest);
  return {
    key,
    orgId,
    customer: items.find(({ link }) => link.orgName)?.link.orgName ?? latest.link.orgQuery.trim(),
    orgQuery: latest.link.orgQuery.trim() || (orgId ?? ''),
    issuerId: latest.link.issuerId,
    scope,
    stage,
    since,
    finished,
    attention: finished ? [] : attentionOf(latest, current, state, rules.timings, now),
    link: issued && state ? { id: issued.id, kind: issued.kind, state, createdAt: issued.createdAt, expiresAt: issued.expiresAt } : null,
    lastReminder: items.map((item) => item.lastReminder).reduce((a, b) => (!a || (b && b.at > a.at) ? b : a), null),
  };
}

/**
 * When a part was set up, or null: what Scalekit says wins (but a notice after its "not done"
 * turns the part back on); otherwise the earliest notice through
 * any of the links, or through a colleague's link to the same customer (`noticedByAnyone`).
 */
function partDone(part: SetupPart, fact: PartFact | undefined, items: BoardLink[], noticedByAnyone: Date | undefined): Date | null {
  const times = items.flatMap((item) => item.finished.filter((notice) => notice.part === part).map((notice) => notice.at.getTime()));
  if (noticedByAnyone) times.push(noticedByAnyone.getTime());
  const noticed = times.length ? new Date(Math.min(...times)) : null;
  // Scalekit saying "not done" holds unless the bot was told of the part since (its webhook may be
  // late or lost): then the part is on again since the first notice after it.
  if (fact && !fact.done) {
    const since = times.filter((time) => time > fact.at.getTime());
    return since.length ? new Date(Math.min(...since)) : null;
  }
  if (!fact) return noticed;
  return fact.asOf && noticed && noticed < fact.at ? noticed : fact.at;
}

/**
 * The furthest stage reached: the parts set up (since the last of them, so a finished customer is
 * finished since its last part), else how far the newest issued link got.
 */
function stageOf(scope: LinkScope, done: Array<Date | null>, current: BoardLink | undefined, latest: BoardLink): { stage: Stage; since: Date } {
  const parts = partsOf(scope);
  const reached = parts.flatMap((part, index) => (done[index] ? [{ stage: part as Stage, since: done[index] }] : []));
  if (reached.length) {
    const { stage } = reached.reduce((a, b) => (STAGES.indexOf(b.stage) > STAGES.indexOf(a.stage) ? b : a));
    return { stage, since: new Date(Math.max(...reached.map(({ since }) => since.getTime()))) };
  }
  if (!current) return { stage: 'sent', since: latest.link.createdAt };
  if (current.firstSessionAt) return { stage: 'portal', since: current.firstSessionAt };
  if (current.firstViewAt) return { stage: 'opened', since: current.firstViewAt };
  return { stage: 'sent', since: current.link.createdAt };
}

function attentionOf(latest: BoardLink, current: BoardLink | undefined, state: LinkState | null, timings: ReminderTimings, now: Date): Attention[] {
  const found = new Set<Attention>();
  // The last try failed, and no link sent since.
  if (latest.link.outcome === 'failed') found.add('failed');
  // A direct link is used at once or not at all: the bot cannot see it opened.
  if (current && current.link.outcome === 'issued' && current.link.kind === 'hosted') {
    const { link } = current;
    const ago = (ms: number) => new Date(now.getTime() - ms);
    if (state === 'expired' || state === 'exhausted') found.add('expired');
    if (state === 'live') {
      if (link.expiresAt.getTime() - now.getTime() <= timings.beforeExpiryMs && !bornExpiring(link, timings)) found.add('expiring');
      if (current.lastSessionAt && current.lastSessionAt <= ago(timings.stalledAfterMs)) found.add('stalled');
      if (!current.firstViewAt && link.createdAt <= ago(timings.unopenedAfterMs)) found.add('unopened');
    }
  }
  return ATTENTION.filter((reason) => found.has(reason));
}

/** Needs attention (most urgent, then longest waiting) first; then in progress, longest waiting first; then finished, newest first. */
function byUrgency(a: BoardRow, b: BoardRow): number {
  const group = (row: BoardRow) => (row.attention.length ? 0 : row.finished ? 2 : 1);
  if (group(a) !== group(b)) return group(a) - group(b);
  if (group(a) === 0 && a.attention[0] !== b.attention[0]) return ATTENTION.indexOf(a.attention[0]!) - ATTENTION.indexOf(b.attention[0]!);
  const bySince = a.since.getTime() - b.since.getTime();
  return (group(a) === 2 ? -bySince : bySince) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
