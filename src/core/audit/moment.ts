import { parseDuration } from '../duration.js';

/** A moment an audit filter names: a date, or a duration before whenever the query runs. */
export type Moment = { at: Date } | { agoMs: number };

/** An ISO date (`2026-03-01`, `2026-03-01T12:00:00Z`) or a duration (`30d`, meaning 30 days ago); null when neither. */
export function readMoment(text: string): Moment | null {
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? null : { at: date };
  }
  const duration = parseDuration(text);
  return duration !== null && duration > 0 ? { agoMs: duration } : null;
}

export function momentAt(moment: Moment, now: Date): Date {
  return 'at' in moment ? moment.at : new Date(now.getTime() - moment.agoMs);
}
