import { DateTime, IANAZone } from 'luxon';
import { RRule } from 'rrule';
import { compileSeries } from './compiled-series';
import { scanOccurrences } from './occurrence-scan';
import { ruleProblem } from './recurrence-rule';
import { RECURRENCE_LIMITS, RecurrenceSeries } from './recurrence-series';
import { yieldsOccurrence } from './rule-probe';
import { wallClockOf } from './wall-clock';

/** A recurrence as a caller hands it in, unchecked, with the window's start. */
export interface RecurrenceInput {
  rule: unknown;
  timeZone: unknown;
  durationMinutes: unknown;
  /** The window's start: the first occurrence. */
  startsAt: Date;
}

const MINUTE_MS = 60_000;
/** Occurrences checked for overlaps, at least (within four years). */
const CHECKED_OCCURRENCES = 100;

/**
 * What is wrong with a recurrence, as messages that name the field (`recurrence.rule …`), or an empty list when
 * nothing is. Each part is checked on its own (see `ruleProblem` for the rule's text); when all are valid, so is
 * what they yield together: at least one occurrence, an end (COUNT or UNTIL) within
 * `RECURRENCE_LIMITS.boundedYears` of `startsAt`, and occurrences that do not overlap (checked over the first 100
 * and at least a year, so across both daylight-saving changes, up to four years).
 * An invalid `startsAt` is left to the caller's check of it.
 */
export function recurrenceProblems(input: RecurrenceInput): string[] {
  const problems: string[] = [];
  const rule = ruleProblem(input.rule);
  if (rule !== null) problems.push(`recurrence.rule ${rule}`);
  if (typeof input.timeZone !== 'string' || !IANAZone.isValidZone(input.timeZone)) {
    problems.push('recurrence.timeZone must be an IANA time zone such as Europe/Berlin');
  }
  const minutes = input.durationMinutes;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > RECURRENCE_LIMITS.durationMinutes) {
    problems.push(`recurrence.durationMinutes must be an integer from 1 to ${RECURRENCE_LIMITS.durationMinutes}`);
  }
  if (problems.length > 0 || !(input.startsAt instanceof Date) || Number.isNaN(input.startsAt.getTime())) return problems;
  const series: RecurrenceSeries = {
    startsAt: input.startsAt,
    endsAt: null,
    rule: input.rule as string,
    timeZone: input.timeZone as string,
    occurrenceMs: (minutes as number) * MINUTE_MS,
    cancelled: [],
  };
  const problem = seriesProblem(series);
  return problem === null ? [] : [problem];
}

function seriesProblem(series: RecurrenceSeries): string | null {
  const { rrule, untilMs } = compileSeries(series);
  if (!yieldsOccurrence(rrule)) return 'recurrence.rule must yield at least one occurrence after startsAt';
  const horizonMs = DateTime.fromJSDate(series.startsAt).plus({ years: RECURRENCE_LIMITS.boundedYears }).toMillis();
  const count = rrule.origOptions.count;
  if ((untilMs !== null && untilMs > horizonMs) || (typeof count === 'number' && !countEndsBefore(rrule, count, wallClockOf(horizonMs, series.timeZone)))) {
    return `recurrence.rule must end (COUNT or UNTIL) within ${RECURRENCE_LIMITS.boundedYears} years of startsAt`;
  }
  const gapMs = shortestGapMs(series);
  if (gapMs !== null && gapMs < series.occurrenceMs) {
    return `recurrence.durationMinutes must be at most ${Math.floor(gapMs / MINUTE_MS)} (the minutes between the two closest occurrences), so that occurrences do not overlap`;
  }
  return null;
}

/**
 * Whether the `count` occurrences of a rule start by a wall-clock time. Counted on rrule's floating dates: turning
 * each into an instant would take seconds for a daily rule over decades, and an hour either way does not matter.
 */
function countEndsBefore(rrule: RRule, count: number, horizon: Date): boolean {
  let seen = 0;
  rrule.all((wallClock) => wallClock.getTime() <= horizon.getTime() && ++seen < count);
  return seen >= count;
}

/**
 * The shortest time from one occurrence's start to the next one's, or null when there is only one. It looks at
 * the first 100 occurrences, and at all in the first year (which has both daylight-saving changes: they bring
 * daily occurrences an hour closer), but at none after four years (a leap year's February included): a rule as
 * rare as 29 February on a Monday would otherwise be expanded for millennia.
 */
function shortestGapMs(series: RecurrenceSeries): number | null {
  const start = DateTime.fromJSDate(series.startsAt);
  const yearOnMs = start.plus({ years: 1 }).toMillis();
  const horizonMs = start.plus({ years: 4 }).toMillis();
  let shortest: number | null = null;
  let previousMs: number | null = null;
  let seen = 0;
  scanOccurrences(series, series.startsAt.getTime(), horizonMs, ({ startMs }) => {
    if (startMs > horizonMs) return false;
    if (previousMs !== null && (shortest === null || startMs - previousMs < shortest)) shortest = startMs - previousMs;
    previousMs = startMs;
    return ++seen < CHECKED_OCCURRENCES || startMs <= yearOnMs;
  });
  return shortest;
}
