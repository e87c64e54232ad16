import { compileSeries } from './compiled-series';
import { MaintenanceOccurrence, RecurrenceSeries } from './recurrence-series';
import { instantOf } from './wall-clock';

const DAY_MS = 86_400_000;

/**
 * Visits a series' occurrences in start order, from the first that can overlap `fromMs` (and a few before it:
 * the visitor filters) until `visit` returns false or the scan is a day past `toMs`. Cancelled occurrences are
 * skipped; none starts at or after `endsAt` or after UNTIL, and `endsAt` cuts the one running at it.
 */
export function scanOccurrences(series: RecurrenceSeries, fromMs: number, toMs: number, visit: (occurrence: MaintenanceOccurrence) => boolean): void {
  const toOccurrence = occurrenceMaker(series);
  // rrule compares floating dates, which differ from their instants by the zone's offset (under a day): a day
  // more on each side (and an occurrence's length before) holds every occurrence that can overlap the range.
  const after = new Date(fromMs - series.occurrenceMs - DAY_MS);
  const before = new Date(toMs + DAY_MS);
  compileSeries(series).rrule.between(after, before, true, (wallClock) => {
    const occurrence = toOccurrence(wallClock);
    if (occurrence === 'over') return false;
    return occurrence === 'cancelled' || visit(occurrence);
  });
}

/**
 * The last occurrence of a series that starts before `toMs`, or null. Only the last few floating dates are
 * turned into instants (about 50 µs each with luxon): a daily series over decades has thousands.
 */
export function lastOccurrenceBefore(series: RecurrenceSeries, toMs: number): MaintenanceOccurrence | null {
  const toOccurrence = occurrenceMaker(series);
  const limitMs = toMs + DAY_MS;
  const wallClocks = compileSeries(series).rrule.all((wallClock) => wallClock.getTime() <= limitMs);
  for (let index = wallClocks.length - 1; index >= 0; index--) {
    const occurrence = toOccurrence(wallClocks[index]);
    if (typeof occurrence === 'object' && occurrence.startMs < toMs) return occurrence;
  }
  return null;
}

/** Turns a series' floating dates into its occurrences, or says why one is none. */
function occurrenceMaker(series: RecurrenceSeries): (wallClock: Date) => MaintenanceOccurrence | 'cancelled' | 'over' {
  const { rrule, untilMs } = compileSeries(series);
  const firstWallClockMs = rrule.origOptions.dtstart?.getTime();
  const endsAtMs = series.endsAt === null ? null : series.endsAt.getTime();
  const cancelled = new Set(series.cancelled);
  return (wallClock) => {
    // startsAt is the first occurrence's instant even when its local time happens twice and it is the second.
    const startMs = wallClock.getTime() === firstWallClockMs ? series.startsAt.getTime() : instantOf(wallClock, series.timeZone);
    // rrule checks UNTIL on the floating date; in a repeated hour the instant can still be past it.
    if ((untilMs !== null && startMs > untilMs) || (endsAtMs !== null && startMs >= endsAtMs)) return 'over';
    if (cancelled.has(startMs)) return 'cancelled';
    const endMs = startMs + series.occurrenceMs;
    return { startMs, endMs: endsAtMs !== null && endsAtMs < endMs ? endsAtMs : endMs };
  };
}
