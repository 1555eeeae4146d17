// The work the bot has taken on and still owes an answer for: listener work that goes on after
// Slack's ack (the reply comes later, through response_url or a message), and HTTP requests
// being served. A shutdown stops taking work, lets this finish, and only then closes the database.

import { setMaxListeners } from 'node:events';

/** How long work cut off at the grace gets to record that it failed (a row, a reply). */
const WIND_DOWN_MS = 3_000;

export class WorkInFlight {
  private readonly running = new Set<Promise<unknown>>();
  private accepting = true;
  private readonly graceOver = new AbortController();

  constructor() {
    // Every step of every link being issued listens for it for a moment: many at once is normal, not a leak.
    setMaxListeners(0, this.graceOver.signal);
  }

  /** False once a shutdown began: new work is refused. */
  get open(): boolean {
    return this.accepting;
  }

  /** How much work is under way now. */
  get size(): number {
    return this.running.size;
  }

  /** Aborts when a shutdown's grace is over: a use case that honours it stops and records the attempt as failed. */
  get deadline(): AbortSignal {
    return this.graceOver.signal;
  }

  /** Counts `work` as under way until it settles (its failure is its owner's to report). */
  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
  }

  /**
   * Refuses new work, waits up to `graceMs` for what runs, then aborts the deadline and waits a
   * little more for the cut-off work to record its failure. Returns how much work still runs.
   */
  async drain(graceMs: number): Promise<number> {
    this.accepting = false;
    if (await this.settled(graceMs)) return 0;
    this.graceOver.abort();
    await this.settled(WIND_DOWN_MS);
    return this.running.size;
  }

  /** Whether everything under way settled within `ms` (work taken on meanwhile included). */
  private async settled(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      while (this.running.size) {
        if ((await Promise.race([Promise.all(this.running).then(() => true), timeUp])) === false) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
