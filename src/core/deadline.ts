// A shutdown lets work under way finish for a while (SHUTDOWN_GRACE), then signals its deadline:
// a use case stops at its next step and records the attempt as failed, so that nothing is left
// half done and unrecorded when the process exits.

/** The bot shut down before this work finished. */
export class PastDeadline extends Error {
  constructor() {
    super('the bot shut down before this finished');
    this.name = 'PastDeadline';
  }
}

/** `work`'s result, unless `deadline` aborts first: then PastDeadline (the work itself is no longer awaited). */
export function beforeDeadline<T>(work: Promise<T>, deadline: AbortSignal | undefined): Promise<T> {
  if (!deadline) return work;
  if (deadline.aborted) return Promise.reject(new PastDeadline());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new PastDeadline());
    deadline.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => deadline.removeEventListener('abort', onAbort));
  });
}
