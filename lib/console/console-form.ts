import { IANAZone, DateTime } from 'luxon';

/** A form field's value as a string ('' when absent, repeated or not text). */
export function field(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/** The fields of a form as strings, for filling it in again. */
export function fieldsOf(body: unknown, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, field(body, name)]));
}

/** One entry per non-empty line of a textarea. */
export function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * A `datetime-local` value (`2030-01-31T22:00`) read in the time zone `tz` (the viewer's, set by the console's script;
 * UTC without it), as an ISO instant for the API's validation; '' stays undefined, and what is not a date and time is
 * passed on as it was typed, so the API's own message names it.
 */
export function instantOf(local: string, tz: string): string | undefined {
  if (local.trim() === '') return undefined;
  const zone = IANAZone.isValidZone(tz) ? tz : 'UTC';
  const parsed = DateTime.fromISO(local.trim(), { zone });
  return parsed.isValid && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local.trim()) ? (parsed.toUTC().toISO() ?? local) : local;
}
