import { ValueTransformer } from 'typeorm';

/**
 * Stores a small JSON value in a TEXT column. Not TypeORM's `simple-json` or a `json` column: those map to
 * different column types per driver (and MariaDB's JSON is LONGTEXT with a check), while TEXT is one type the
 * migrations can spell out for every database.
 */
export const jsonTextTransformer: ValueTransformer = {
  to: (value: unknown) => (value == null ? null : JSON.stringify(value)),
  from: (value: string | null) => (value == null ? null : (JSON.parse(value) as unknown)),
};
