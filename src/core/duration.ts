import ms from 'ms';

export const MIN_LINK_TTL_MS = ms('1h');
export const MAX_LINK_TTL_MS = ms('30d');

/** How people are told the allowed range, e.g. in an error message. */
export const LINK_TTL_RANGE = `between ${ms(MIN_LINK_TTL_MS)} and ${ms(MAX_LINK_TTL_MS)}`;

/** Parses a link lifetime such as `3d` or `12h`; null when empty, unreadable or out of range. */
export function parseLinkTtl(text: string): number | null {
  if (!text.trim()) return null; // ms() throws on an empty string
  const value = ms(text.trim() as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return value >= MIN_LINK_TTL_MS && value <= MAX_LINK_TTL_MS ? value : null;
}

export function describeDuration(milliseconds: number): string {
  return ms(milliseconds, { long: true });
}
