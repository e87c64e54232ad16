import { InvalidArgumentError } from 'commander';
import type { MaintenanceSyncOptions } from '../interfaces/maintenance-module-options.interface';
import { parseDuration } from './duration';
import { parseIsoDate } from '../utils/iso-date';

/**
 * Commander argument parsers. They throw `InvalidArgumentError`, which commander reports as a usage
 * error naming the option, so a bad value never reaches the database.
 */

/** `--until`, `--starts`: an ISO 8601 date-time with an offset. */
export function isoDateArgument(value: string): Date {
  return rethrowAsInvalid(() => parseIsoDate(value));
}

/** `--for`: a duration such as `30m`, in milliseconds. */
export function durationArgument(value: string): number {
  return rethrowAsInvalid(() => parseDuration(value));
}

/** `--limit`, `--approvals-required`, `--before`: a whole number, zero or more. */
export function wholeNumberArgument(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a whole number.`);
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError(`"${value}" is too large.`);
  return parsed;
}

/** `--sync`: `postgres`, or a Redis URL; the module's sync option. */
export function syncArgument(value: string): MaintenanceSyncOptions {
  if (value === 'postgres') return { type: 'postgres' };
  if (/^rediss?:\/\//.test(value)) return { type: 'redis', url: value };
  throw new InvalidArgumentError(`"${value}" is not a sync channel: use postgres or a redis:// URL.`);
}

/** A whole number of at least one. */
export function positiveNumberArgument(value: string): number {
  const parsed = wholeNumberArgument(value);
  if (parsed < 1) throw new InvalidArgumentError(`"${value}" must be at least 1.`);
  return parsed;
}

function rethrowAsInvalid<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
}

/** Repeatable options (`--exempt-ip 10.0.0.0/8 --exempt-ip 192.0.2.1`): each value is added to the list. */
export function collectArgument(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
