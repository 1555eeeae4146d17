// What Scalekit says of each customer's setup, for the board: its webhooks as recorded, and the
// answers of recent `status` calls. The board never asks Scalekit itself, so it renders at once.
import { LRUCache } from 'lru-cache';
import { decidingEvent, meaningOf, partDoneByEvents, type SetupPart } from '../links/events.js';
import type { OrgEvent } from '../ports.js';
import type { PartFact, PartFacts } from './board.js';

const PARTS: readonly SetupPart[] = ['sso', 'directory'];

/** How old a `status` answer the board still takes for the truth. */
export const STATUS_MAX_AGE_MS = 5 * 60_000;

/** Scalekit's recent answers to `status`, per organization, for a few minutes (this process's own). */
export class RecentStatus {
  private readonly answers: LRUCache<string, Record<SetupPart, PartFact>>;

  constructor(
    private readonly now: () => Date,
    maxAgeMs = STATUS_MAX_AGE_MS,
  ) {
    this.answers = new LRUCache({ max: 10_000, ttl: maxAgeMs, perf: { now: () => now().getTime() }, ttlResolution: 0 });
  }

  remember(orgId: string, parts: Record<SetupPart, boolean>): void {
    const at = this.now();
    this.answers.set(orgId, { sso: { done: parts.sso, at, asOf: true }, directory: { done: parts.directory, at, asOf: true } });
  }

  get(orgId: string): Record<SetupPart, PartFact> | undefined {
    return this.answers.get(orgId);
  }
}

/** Per organization and part, the newer of what its webhooks (newest first) and a recent `status` say. */
export function partFacts(orgIds: readonly string[], eventsNewestFirst: readonly OrgEvent[], recent: RecentStatus): PartFacts {
  const byOrg = new Map<string, OrgEvent[]>();
  for (const event of eventsNewestFirst) byOrg.set(event.orgId, [...(byOrg.get(event.orgId) ?? []), event]);
  return new Map(
    orgIds.map((orgId) => {
      const events = byOrg.get(orgId) ?? [];
      const keys = events.map((event) => meaningOf('webhook', event.type));
      const facts: Partial<Record<SetupPart, PartFact>> = {};
      for (const part of PARTS) {
        const fromStatus = recent.get(orgId)?.[part];
        const done = partDoneByEvents(keys, part);
        const deciding = events[decidingEvent(keys, part)];
        const fromWebhooks = done === undefined || !deciding ? undefined : { done, at: deciding.occurredAt };
        const fact = newerOf(fromWebhooks, fromStatus);
        if (fact) facts[part] = fact;
      }
      return [orgId, facts];
    }),
  );
}

/**
 * The newer of the two. A `status` answer agreeing with the webhooks keeps their time (when it came
 * about, not when someone asked); one that says otherwise holds from the answer on.
 */
function newerOf(fromWebhooks: PartFact | undefined, fromStatus: PartFact | undefined): PartFact | undefined {
  if (!fromStatus || (fromWebhooks && fromWebhooks.at > fromStatus.at)) return fromWebhooks;
  if (!fromWebhooks) return fromStatus;
  return fromStatus.done === fromWebhooks.done ? fromWebhooks : { done: fromStatus.done, at: fromStatus.at };
}
