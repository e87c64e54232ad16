import { DateTime } from 'luxon';
import { Frequency, Options, RRule, Weekday } from 'rrule';
import { MAINTENANCE_LIMITS } from '../maintenance.limits';
import { RECURRENCE_LIMITS } from './recurrence-series';

/** A rule's parts as rrule parses them. */
export type RuleOptions = Partial<Options>;

const NOT_AN_RRULE = 'must be an RRULE such as FREQ=WEEKLY;BYDAY=SU';
const FREQ_PROBLEM = 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY';

/** HOURLY, MINUTELY and SECONDLY are left out: a maintenance window every hour is hundreds a week. */
const FREQUENCIES: ReadonlySet<unknown> = new Set([Frequency.YEARLY, Frequency.MONTHLY, Frequency.WEEKLY, Frequency.DAILY]);

/** The RFC 5545 rule parts a series may use. */
const PARTS: ReadonlySet<string> = new Set([
  'FREQ',
  'UNTIL',
  'COUNT',
  'INTERVAL',
  'BYDAY',
  'BYMONTHDAY',
  'BYYEARDAY',
  'BYWEEKNO',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
]);

/** Parts rrule would accept but a series must not carry, and why. */
const REFUSED_PARTS: Readonly<Record<string, string>> = {
  DTSTART: 'must not contain DTSTART or TZID: startsAt and timeZone set them',
  TZID: 'must not contain DTSTART or TZID: startsAt and timeZone set them',
  BYHOUR: 'must not contain BYHOUR, BYMINUTE or BYSECOND: every occurrence starts at the local time of startsAt',
  BYMINUTE: 'must not contain BYHOUR, BYMINUTE or BYSECOND: every occurrence starts at the local time of startsAt',
  BYSECOND: 'must not contain BYHOUR, BYMINUTE or BYSECOND: every occurrence starts at the local time of startsAt',
};

/** The integer parts, with RFC 5545's ranges (0 is never allowed); a value outside them would never match. */
const INTEGER_PARTS = [
  { part: 'BYMONTH', key: 'bymonth', min: 1, max: 12 },
  { part: 'BYMONTHDAY', key: 'bymonthday', min: -31, max: 31 },
  { part: 'BYYEARDAY', key: 'byyearday', min: -366, max: 366 },
  { part: 'BYWEEKNO', key: 'byweekno', min: -53, max: 53 },
  { part: 'BYSETPOS', key: 'bysetpos', min: -366, max: 366 },
] as const;

/**
 * RFC 5545 3.3.10's table of parts a frequency does not take (rrule would apply them anyway, in its own way), and
 * BYSETPOS with DAILY: without BYHOUR and the like a day holds a single start, which BYSETPOS keeps or drops.
 */
const NOT_WITH: Readonly<Record<string, readonly Frequency[]>> = {
  BYSETPOS: [Frequency.DAILY],
  BYMONTHDAY: [Frequency.WEEKLY],
  BYYEARDAY: [Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY],
  BYWEEKNO: [Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY],
};

/**
 * Why `rule` cannot be a series' rule, as the end of a sentence that starts with `recurrence.rule`, or null.
 * Checks the text alone: whether the rule yields occurrences, and how far apart, needs the series.
 */
export function ruleProblem(rule: unknown): string | null {
  const parsed = analyse(rule);
  return 'problem' in parsed ? parsed.problem : null;
}

/** The parts of a rule `ruleProblem` accepts; throws on one it refuses (a stored rule that was never checked). */
export function parseRule(rule: string): RuleOptions {
  const parsed = analyse(rule);
  if ('problem' in parsed) throw new Error(`recurrence.rule ${parsed.problem}: ${JSON.stringify(rule)}`);
  return parsed.options;
}

function analyse(rule: unknown): { options: RuleOptions } | { problem: string } {
  if (typeof rule !== 'string' || rule.length === 0) return { problem: NOT_AN_RRULE };
  if (rule.length > MAINTENANCE_LIMITS.recurrenceRule) return { problem: `must be shorter than or equal to ${MAINTENANCE_LIMITS.recurrenceRule} characters` };
  // RFC 5545 names and values are case-insensitive; rrule's weekday names are not.
  const text = rule.toUpperCase();
  // Only a bare value: no "RRULE:" prefix, no DTSTART line, no spaces.
  if (!/^[A-Z]+=[A-Z0-9,+-]+(?:;[A-Z]+=[A-Z0-9,+-]+)*$/.test(text)) return { problem: NOT_AN_RRULE };
  const names = text.split(';').map((part) => part.slice(0, part.indexOf('=')));
  for (const name of names) {
    if (REFUSED_PARTS[name]) return { problem: REFUSED_PARTS[name] };
    if (!PARTS.has(name)) return { problem: NOT_AN_RRULE };
  }
  // RFC 5545 allows each part once; rrule would keep the last.
  if (new Set(names).size !== names.length) return { problem: NOT_AN_RRULE };
  if (!names.includes('FREQ')) return { problem: FREQ_PROBLEM };
  if (names.includes('COUNT') && names.includes('UNTIL')) return { problem: 'must not contain both COUNT and UNTIL' };
  let options: RuleOptions;
  try {
    options = RRule.parseString(text);
  } catch {
    return { problem: NOT_AN_RRULE };
  }
  const problem = partsProblem(options, text, names);
  return problem ? { problem } : { options };
}

function partsProblem(options: RuleOptions, text: string, names: readonly string[]): string | null {
  // rrule maps an unknown FREQ to undefined, and FREQ=0 to the string "YEARLY" (an enum's reverse mapping).
  const freq = options.freq;
  if (freq === undefined || !FREQUENCIES.has(freq)) return FREQ_PROBLEM;
  for (const name of names) {
    if (NOT_WITH[name]?.includes(freq)) return `${name} cannot be used with FREQ=${Frequency[freq]}`;
  }
  if (options.interval !== undefined && !isIntegerIn(options.interval, 1, RECURRENCE_LIMITS.interval)) {
    return `INTERVAL must be an integer from 1 to ${RECURRENCE_LIMITS.interval}`;
  }
  if (options.count !== undefined && !isIntegerIn(options.count, 1, Number.MAX_SAFE_INTEGER)) return 'COUNT must be a positive integer';
  if (options.until !== undefined && !isUtcUntil(text)) return 'UNTIL must be a UTC date-time such as 20271231T235959Z';
  for (const { part, key, min, max } of INTEGER_PARTS) {
    const value = options[key];
    if (value !== undefined && ![value].flat().every((entry) => isIntegerIn(entry, min, max))) {
      return `${part} must list integers from ${min} to ${max}, without 0`;
    }
  }
  return weekdaysProblem(options, freq, names) ?? weeklyPositionsProblem(options, freq);
}

/**
 * A weekly BYSETPOS beyond the week's BYDAY days picks none of them: such a rule could only be found empty by
 * expanding it week by week up to the year 9999.
 */
function weeklyPositionsProblem(options: RuleOptions, freq: Frequency): string | null {
  if (freq !== Frequency.WEEKLY || options.bysetpos === undefined) return null;
  // Without BYDAY, the weekday of startsAt.
  const days = options.byweekday ? new Set([options.byweekday].flat().map((day) => (day as Weekday).weekday)).size : 1;
  if ([options.bysetpos].flat().every((position) => position !== null && Math.abs(position) <= days)) return null;
  return `BYSETPOS must be from -${days} to ${days} with FREQ=WEEKLY: a week has ${days} BYDAY day${days === 1 ? '' : 's'}`;
}

function weekdaysProblem(options: RuleOptions, freq: Frequency, names: readonly string[]): string | null {
  // rrule maps an unknown weekday name to undefined rather than failing.
  if (names.includes('WKST') && !(options.wkst instanceof Weekday)) return 'WKST must be a weekday such as MO';
  if (options.byweekday === undefined) return null;
  const days = [options.byweekday].flat();
  if (!days.every((day) => day instanceof Weekday && (day.n === undefined || isIntegerIn(Math.abs(day.n), 1, 53)))) {
    return 'BYDAY must list weekdays such as SU, MO or (with FREQ=MONTHLY or YEARLY) 1MO or -1SU';
  }
  // RFC 5545: a numbered weekday only with MONTHLY or YEARLY; rrule would drop the number silently.
  if ((freq === Frequency.DAILY || freq === Frequency.WEEKLY) && days.some((day) => day instanceof Weekday && day.n !== undefined)) {
    return 'BYDAY must not number its weekdays (1MO, -1SU) unless FREQ is MONTHLY or YEARLY';
  }
  return null;
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max && value !== 0;
}

/**
 * Whether UNTIL is a UTC date-time, as RFC 5545 requires when DTSTART has a time zone (a series' always has).
 * rrule reads a floating or date-only UNTIL as UTC too, which would end the series hours off.
 */
function isUtcUntil(text: string): boolean {
  const until = /(?:^|;)UNTIL=([^;]*)/.exec(text)?.[1] ?? '';
  return /^\d{8}T\d{6}Z$/.test(until) && DateTime.fromFormat(until, "yyyyMMdd'T'HHmmss'Z'", { zone: 'UTC' }).isValid;
}
