import ms from 'ms';

/** Reads a duration such as `3d`, `12h` or `90s`; null when empty or unreadable. */
export function parseDuration(text: string): number | null {
  if (!text.trim()) return null; // ms() throws on an empty string
  const value = ms(text.trim() as ms.StringValue);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A duration in words, e.g. `3 days`. */
export function describeDuration(milliseconds: number): string {
  return ms(milliseconds, { long: true });
}

/** A duration in short form, e.g. `3d`. */
export function shortDuration(milliseconds: number): string {
  return ms(milliseconds);
}
