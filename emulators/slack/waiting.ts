// Waiting for something the fake records (a Web API call, a response-URL post), whether it is
// already there or arrives later.

export interface Waiters {
  /** The first item of `list` matching `match`, now or once `check()` finds it. */
  waitFor<T>(list: T[], match: (item: T) => boolean, timeoutMs: number, what: string): Promise<T>;
  /** Something was recorded: settle the waits it satisfies. */
  check(): void;
  /** Rejects every wait still open. */
  failAll(error: Error): void;
}

interface Waiter {
  check(): void;
  fail(error: Error): void;
}

export function createWaiters(): Waiters {
  const waiters = new Set<Waiter>();
  return {
    waitFor: <T>(list: T[], match: (item: T) => boolean, timeoutMs: number, what: string): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const waiter: Waiter = {
          check: () => {
            const found = list.find(match);
            if (found === undefined) return;
            settle();
            resolve(found);
          },
          fail: (error) => {
            settle();
            reject(error);
          },
        };
        const timer = setTimeout(() => {
          waiter.fail(new Error(`SlackFake: timed out after ${timeoutMs} ms waiting for ${what}; ${list.length} recorded`));
        }, timeoutMs);
        const settle = (): void => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        waiters.add(waiter);
        waiter.check();
      }),
    check() {
      for (const waiter of waiters) waiter.check();
    },
    failAll(error) {
      for (const waiter of waiters) waiter.fail(error);
    },
  };
}
