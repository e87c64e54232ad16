import { MAINTENANCE_LIMITS } from '../maintenance.limits';

/** A well-formed date outside the range the module stores (before 1970 or after 9999). */
export class IsoDateRangeError extends Error {}

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/**
 * Parses an ISO 8601 date-time that carries an offset or `Z`, e.g. `2030-01-31T22:00:00Z` or
 * `2030-02-01T00:00+02:00`. A local time without offset is refused, as the admin API refuses it: a CLI
 * run on a server in another zone would otherwise schedule maintenance hours off. Impossible calendar
 * dates (February 30th) are refused too, where `Date` would silently roll them over, and so are instants
 * outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z (`MAINTENANCE_LIMITS`), which are never shifted
 * (`Date.UTC` would take years 0 to 99 for 1900 to 1999).
 *
 * @throws Error with a message fit for the command line; `IsoDateRangeError` for an instant out of range.
 */
export function parseIsoDate(text: string): Date {
  const match = ISO_WITH_OFFSET.exec(text.trim());
  if (!match) {
    throw new Error(`"${text}" is not an ISO 8601 date-time with an offset or Z, e.g. 2030-01-31T22:00:00Z`);
  }
  const [, year, month, day, hour, minute, second = '0', fraction = '', zulu, sign, offsetHours = '0', offsetMinutes = '0'] = match;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  const oh = Number(offsetHours);
  const om = Number(offsetMinutes);
  const valid = mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h <= 23 && mi <= 59 && s <= 59 && oh <= 23 && om <= 59;
  if (!valid) throw new Error(`"${text}" is not a real date and time`);
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const offsetMs = zulu ? 0 : (sign === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  const utc = new Date(0);
  utc.setUTCFullYear(y, mo - 1, d);
  utc.setUTCHours(h, mi, s, ms);
  const instant = utc.getTime() - offsetMs;
  if (instant < MAINTENANCE_LIMITS.earliestMs || instant > MAINTENANCE_LIMITS.latestMs) {
    throw new IsoDateRangeError(`"${text}" is outside the supported range: it must be ${MAINTENANCE_LIMITS.dateRangeText}`);
  }
  return new Date(instant);
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}
