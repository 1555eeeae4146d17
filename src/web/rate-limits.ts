import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A budget: `points` requests per `duration` seconds. */
export interface Budget {
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

/** Makes the limiter that counts one named budget (keyed `<name>:<key>`). */
export type LimiterFactory = (name: LimitName, budget: Budget) => RateLimiterAbstract;

/** One process's own count, in memory (SQLite: one process). */
const inMemory: LimiterFactory = (name, budget) => new RateLimiterMemory({ ...budget, keyPrefix: name });

export class RateLimits {
  private readonly limiters: Record<LimitName, RateLimiterAbstract>;

  /**
   * In memory by default. Given the shared store's factory (src/db/rate-limit-store.ts on
   * PostgreSQL), every replica spends the same budgets, so N replicas together allow what one allows.
   */
  constructor(limiterFor: LimiterFactory = inMemory, limits: Record<LimitName, Budget> = LIMITS) {
    const names = Object.keys(limits) as LimitName[];
    this.limiters = Object.fromEntries(names.map((name) => [name, limiterFor(name, limits[name])])) as Record<LimitName, RateLimiterAbstract>;
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
