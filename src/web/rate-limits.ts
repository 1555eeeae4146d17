import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** A budget: `points` requests per `duration` seconds. */
interface Budget {
  points: number;
  duration: number;
}

/**
 * Limits on the hosted page's endpoints, per token and per client address. A page load mints
 * one portal session and may renew it a few times, so the per-token budgets leave room for a
 * real admin and none for a script hammering Scalekit through us.
 */
export const LIMITS = {
  sessionPerToken: { points: 20, duration: 600 },
  sessionPerClient: { points: 60, duration: 600 },
  eventsPerToken: { points: 30, duration: 600 },
  eventsPerClient: { points: 120, duration: 600 },
  deadLinkPerClient: { points: 20, duration: 60 },
} satisfies Record<string, Budget>;

export type LimitName = keyof typeof LIMITS;

export class RateLimits {
  private readonly limiters: Record<LimitName, RateLimiterMemory>;

  constructor(limits: Record<LimitName, Budget> = LIMITS) {
    this.limiters = Object.fromEntries(
      Object.entries(limits).map(([name, budget]) => [name, new RateLimiterMemory({ ...budget, keyPrefix: name })]),
    ) as Record<LimitName, RateLimiterMemory>;
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
