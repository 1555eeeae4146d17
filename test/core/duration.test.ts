import { describe, expect, it } from 'vitest';
import { describeDuration, parseDuration, shortDuration } from '../../src/core/duration.js';

describe('durations', () => {
  it('reads what people type, and nothing else', () => {
    expect(parseDuration(' 3d ')).toBe(3 * 86_400_000);
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('90s')).toBe(90_000);
    for (const text of ['', '   ', 'soon', '3 fortnights']) expect(parseDuration(text)).toBeNull();
  });

  it('says a duration in words or in short', () => {
    expect(describeDuration(3 * 86_400_000)).toBe('3 days');
    expect(shortDuration(3 * 86_400_000)).toBe('3d');
  });
});
