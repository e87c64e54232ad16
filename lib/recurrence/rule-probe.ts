import { DateTime } from 'luxon';
import { Frequency, Options, RRule } from 'rrule';

/** The Gregorian calendar repeats every 400 years: weekdays, leap years, month lengths and week numbers alike. */
const CYCLE_YEARS = 400;
/** The last year rrule expands. */
const MAX_YEAR = 9999;

/**
 * Whether a compiled rule (floating DTSTART and UNTIL) yields any occurrence.
 *
 * Asking rrule directly can block the event loop for seconds: it stops only at an occurrence past the range it
 * was asked about, so it expands a rule that never matches (`FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`) day by day up
 * to the year 9999. Two things keep the probe short:
 * - it moves the rule forward by whole 400-year cycles, which changes no date's weekday or month, to start 400
 *   to 800 years before that end: still a full cycle to find a first occurrence in (a rule whose first
 *   occurrence is further away than that is reported as yielding none);
 * - a daily rule with BYMONTHDAY, the kind that can name days that do not exist, is first probed as a yearly
 *   rule with the same filters: that yields every day the filters let through, so a superset of the daily
 *   rule's days, in a few hundred steps rather than a few hundred thousand.
 */
export function yieldsOccurrence(rrule: RRule): boolean {
  const options = rrule.origOptions;
  if (options.freq === Frequency.DAILY && options.bymonthday != null) {
    const { dtstart, bymonth, bymonthday, byweekday } = options;
    if (firstOccurrence({ freq: Frequency.YEARLY, dtstart, bymonth, bymonthday, byweekday }) === null) return false;
  }
  // COUNT is at least 1, so it cannot empty the rule; UNTIL can.
  const first = firstOccurrence({ ...options, count: null, until: null });
  return first !== null && (!options.until || first.getTime() <= options.until.getTime());
}

/** The first occurrence of a rule without COUNT or UNTIL, found with the rule moved by whole cycles towards 9999. */
function firstOccurrence(options: Partial<Options>): Date | null {
  if (!options.dtstart) throw new Error('yieldsOccurrence needs a rule with a DTSTART');
  const start = DateTime.fromJSDate(options.dtstart, { zone: 'UTC' });
  // Whole cycles (back, for a start after 9599) that bring the start year into 9200 to 9599.
  const years = CYCLE_YEARS * Math.floor((MAX_YEAR - CYCLE_YEARS - start.year) / CYCLE_YEARS);
  const moved = start.plus({ years }).toJSDate();
  const first = new RRule({ ...options, dtstart: moved }, true).after(moved, true);
  return first === null ? null : DateTime.fromJSDate(first, { zone: 'UTC' }).minus({ years }).toJSDate();
}
