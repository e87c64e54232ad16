import { ValueTransformer } from 'typeorm';

/**
 * Stores a `Date` as milliseconds since the Unix epoch in a BIGINT column.
 *
 * Why not a date column: Postgres `timestamp`, MySQL `datetime` and SQLite text each convert through the
 * process or session time zone differently. An integer is UTC by definition, keeps milliseconds on every
 * driver and compares identically everywhere. Drivers hand BIGINT back as string (pg, mysql2) or number
 * (better-sqlite3); both are accepted.
 */
export const epochMsTransformer: ValueTransformer = {
  to: (value: Date | null | undefined) => (value == null ? value : value.getTime()),
  from: (value: string | number | null) => (value == null ? null : new Date(Number(value))),
};
