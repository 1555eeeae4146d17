const UTC_FORMAT = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

/** A moment for readers outside Slack (the hosted page, a text for an e-mail), e.g. `November 8, 2026 at 9:00 AM UTC`. */
export function describeUtc(date: Date): string {
  return `${UTC_FORMAT.format(date)} UTC`;
}
