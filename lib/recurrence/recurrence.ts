import { MAINTENANCE_LIMITS } from '../maintenance.limits';
import { compileSeries } from './compiled-series';
import { lastOccurrenceBefore, scanOccurrences } from './occurrence-scan';
import { MaintenanceOccurrence, RECURRENCE_LIMITS, RecurrenceSeries } from './recurrence-series';

export type { MaintenanceOccurrence, RecurrenceSeries } from './recurrence-series';
export { RECURRENCE_LIMITS } from './recurrence-series';
export { recurrenceProblems } from './recurrence-problems';
export type { RecurrenceInput } from './recurrence-problems';

// Every occurrence starts at the series' local start time in its zone, whatever the UTC offset that day: rrule
// expands the rule in wall-clock time and `instantOf` (wall-clock.ts) turns each start into an instant. On a
// spring-forward day a start in the gap moves on by the gap (02:30 becomes 03:30); on a fall-back day an
// ambiguous start is the first of its two instants. Either way that day has exactly one occurrence.

/**
 * The occurrences in force at some time in [`fromMs`, `toMs`), in start order: cancelled ones left out, the one
 * running at `endsAt` cut there, at most `RECURRENCE_LIMITS.occurrences` (the first ones). Throws if the
 * series' rule or zone is invalid (`recurrenceProblems` refuses them on the way in).
 */
export function occurrencesBetween(series: RecurrenceSeries, fromMs: number, toMs: number): MaintenanceOccurrence[] {
  const found: MaintenanceOccurrence[] = [];
  if (!(fromMs < toMs)) return found;
  scanOccurrences(series, fromMs, toMs, (occurrence) => {
    if (occurrence.startMs >= toMs) return false;
    if (occurrence.endMs > fromMs) found.push(occurrence);
    return found.length < RECURRENCE_LIMITS.occurrences;
  });
  return found;
}

/** The occurrence in force at `atMs` (it started at or before it and ends after it), or null. */
export function occurrenceAt(series: RecurrenceSeries, atMs: number): MaintenanceOccurrence | null {
  return occurrencesBetween(series, atMs, atMs + 1)[0] ?? null;
}

/** The first occurrence, not cancelled, that starts after `afterMs`, or null when the series has none left. */
export function nextOccurrence(series: RecurrenceSeries, afterMs: number): MaintenanceOccurrence | null {
  let next: MaintenanceOccurrence | null = null;
  scanOccurrences(series, afterMs, MAINTENANCE_LIMITS.latestMs, (occurrence) => {
    if (occurrence.startMs <= afterMs) return true;
    next = occurrence;
    return false;
  });
  return next;
}

/**
 * When the series ends, to store with it, or null when it never does. A rule with COUNT or UNTIL ends with its
 * last occurrence that is not cancelled (cut at `endsAt`, if that comes first); without occurrences left, at
 * `startsAt`. A rule without either ends at `endsAt`: finding its last occurrence before `endsAt` would mean
 * expanding it up to there, and `endsAt` may be centuries away.
 */
export function seriesEndMs(series: RecurrenceSeries): number | null {
  if (!compileSeries(series).bounded) return series.endsAt === null ? null : series.endsAt.getTime();
  const last = lastOccurrenceBefore(series, series.endsAt === null ? MAINTENANCE_LIMITS.latestMs : series.endsAt.getTime());
  return last === null ? series.startsAt.getTime() : last.endMs;
}
