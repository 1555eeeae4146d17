/**
 * An expected problem whose message is written for the person who caused it (unknown org,
 * bad argument, not allowed). Anything else is a bug or an outage and is shown as a generic error.
 */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** An error's message for the audit trail, bounded in size. */
export function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
