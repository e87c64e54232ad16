import { DateTime } from 'luxon';

/**
 * The wall-clock time of an instant in a zone as a "floating" Date: one whose UTC fields (`getUTCHours()` …)
 * are the local ones. rrule's README recommends such dates for zoned rules: it then expands the rule in local
 * time, so an occurrence keeps its local start time across daylight-saving changes.
 */
export function wallClockOf(ms: number, timeZone: string): Date {
  return DateTime.fromMillis(ms, { zone: timeZone }).setZone('UTC', { keepLocalTime: true }).toJSDate();
}

/**
 * The instant a floating Date's wall-clock time names in a zone, as RFC 5545 3.3.5 resolves the times a
 * daylight-saving change makes invalid or ambiguous:
 * - in the gap of a spring-forward change (02:30 in Berlin on 2027-03-28) the time is read with the offset
 *   before the gap: 02:30+01:00, which is 01:30Z or 03:30 summer time;
 * - in the repeated hour of a fall-back change (02:30 in Berlin on 2027-10-31) it is the first of the two
 *   instants: 02:30+02:00, which is 00:30Z.
 */
export function instantOf(wallClock: Date, timeZone: string): number {
  const local = DateTime.fromObject(
    {
      year: wallClock.getUTCFullYear(),
      month: wallClock.getUTCMonth() + 1,
      day: wallClock.getUTCDate(),
      hour: wallClock.getUTCHours(),
      minute: wallClock.getUTCMinutes(),
      second: wallClock.getUTCSeconds(),
      millisecond: wallClock.getUTCMilliseconds(),
    },
    { zone: timeZone },
  );
  // In a gap luxon already reads the time with the smaller offset, which is the one before the gap (clocks only
  // jump forward when the offset grows): what RFC 5545 asks. An ambiguous time it reads with the offset in force
  // *now* (Settings.now), so the answer would change with the season the server runs in, and a cancelled
  // occurrence (stored by its start) would stop matching. getPossibleOffsets lists both instants; the earlier is
  // the first.
  return Math.min(...local.getPossibleOffsets().map((candidate) => candidate.toMillis()));
}
