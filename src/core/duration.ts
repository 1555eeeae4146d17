import ms from 'ms';

export const MIN_LINK_TTL_MS = ms('1h');
export const MAX_LINK_TTL_MS = ms('30d');

/** Parses a link lifetime such as `3d` or `12h`; null when unreadable or outside 1h..30d. */
export function parseLinkTtl(text: string): number | null {
  const value = ms(text.trim() as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return value >= MIN_LINK_TTL_MS && value <= MAX_LINK_TTL_MS ? value : null;
}

export function describeDuration(milliseconds: number): string {
  return ms(milliseconds, { long: true });
}
