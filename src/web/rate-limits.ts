import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A budget: `points` requests per `duration` seconds. */
interface Budget {
  points: number;
  duration: number;
}

/**
 * Limits on the hosted page's endpoints. A live link is limited per token only: a page load
 * mints one portal session and may renew it a few times, so its budgets leave room for a real
 * admin and none for a script hammering Scalekit through us, and no one without the token can
 * spend them. Unknown and dead tokens are how guessing looks: they spend their client address's
 * budget, which a live token never touches, so guesses from a shared office address cannot lock
 * out the admins behind it.
 */
export const LIMITS = {
  sessionPerToken: { points: 20, duration: 600 },
  eventsPerToken: { points: 30, duration: 600 },
  deadLinkPerClient: { points: 20, duration: 60 },
} satisfies Record<string, Budget>;

export type LimitName = keyof typeof LIMITS;

/** Where replicas on one PostgreSQL database count together (see src/db/client.ts). */
export interface SharedLimitStore {
  pool: pg.Pool;
  schema?: string;
}

/** The table the migrations create (model RateLimit); one for every budget, keyed `<name>:<key>`. */
const TABLE = 'RateLimit';

export class RateLimits {
  private readonly limiters: Record<LimitName, RateLimiterAbstract>;

  /**
   * In memory without a store (SQLite: one process). With one, every replica spends the same
   * budgets in PostgreSQL, so N replicas together allow what one allows.
   */
  constructor(store?: SharedLimitStore, limits: Record<LimitName, Budget> = LIMITS) {
    const names = Object.keys(limits) as LimitName[];
    this.limiters = Object.fromEntries(
      names.map((name, i) => {
        const budget = { ...limits[name], keyPrefix: name };
        if (!store) return [name, new RateLimiterMemory(budget)];
        const shared = new RateLimiterPostgres({
          ...budget,
          storeClient: store.pool,
          storeType: 'pool',
          tableName: TABLE,
          schemaName: store.schema,
          // A migration made the table: creating it here, as every replica starts, would race.
          tableCreated: true,
          // The budgets share one table: one of them removes the expired rows of all.
          clearExpiredByTimeout: i === 0,
          // The in-memory first line: once the database says a key has spent its budget, this
          // replica refuses it from memory until the database's window ends, so a flood on
          // that key stops here. It never refuses a key the database has not counted as over.
          inMemoryBlockOnConsumed: budget.points,
          // With the database unreachable each replica limits alone, in memory: N replicas then
          // allow N times the budget, and the hosted page keeps working rather than failing
          // because a counter cannot be written.
          insuranceLimiter: new RateLimiterMemory(budget),
        });
        return [name, shared];
      }),
    ) as Record<LimitName, RateLimiterAbstract>;
  }

  /** Spends one point of each named budget; the seconds to wait if any is used up, else null. */
  async spend(...charges: Array<[LimitName, string]>): Promise<number | null> {
    let wait = 0;
    for (const [name, key] of charges) {
      try {
        await this.limiters[name].consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        wait = Math.max(wait, Math.ceil(error.msBeforeNext / 1000));
      }
    }
    return wait > 0 ? wait : null;
  }
}
