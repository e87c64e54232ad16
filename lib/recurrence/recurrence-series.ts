/** A recurring maintenance window as the recurrence functions read it: its first start, its rule and its zone. */
export interface RecurrenceSeries {
  /** Start of the first occurrence (an instant). Its wall-clock time in `timeZone` is every occurrence's local start time. */
  readonly startsAt: Date;
  /** End of the series, or null when unbounded: no occurrence starts at or after it, and one running at it is cut there. */
  readonly endsAt: Date | null;
  /** An RFC 5545 RRULE value without the "RRULE:" prefix, e.g. "FREQ=WEEKLY;BYDAY=SU" (may carry COUNT or UNTIL). */
  readonly rule: string;
  /** IANA time zone, e.g. "Europe/Berlin". */
  readonly timeZone: string;
  /** Length of each occurrence in ms (absolute time, not wall-clock). */
  readonly occurrenceMs: number;
  /** Start instants (ms) of cancelled occurrences. */
  readonly cancelled: readonly number[];
}

/** One occurrence of a series, in ms since the epoch: in force from `startMs` (inclusive) to `endMs` (exclusive). */
export interface MaintenanceOccurrence {
  readonly startMs: number;
  readonly endMs: number;
}

/** The bounds the recurrence functions and their validation keep to. */
export const RECURRENCE_LIMITS = Object.freeze({
  /** Occurrences `occurrencesBetween` returns at most: a daily series over years would otherwise be thousands. */
  occurrences: 1000,
  /** The largest INTERVAL. */
  interval: 1000,
  /** The longest occurrence, in minutes: a week. */
  durationMinutes: 10_080,
  /**
   * Years after `startsAt` within which a rule with COUNT or UNTIL must end. rrule expands from the first
   * occurrence every time, so finding the last one of a series that runs for centuries would take seconds.
   */
  boundedYears: 100,
});
