/**
 * Environment variables the CLI reads. Kept apart from the code that uses them so that building the
 * command line (and answering `--help`) loads nothing heavy.
 */

/** The database URL, used when neither `-d` nor `--url` is given. */
export const MAINTENANCE_DATABASE_URL_ENV = 'MAINTENANCE_DATABASE_URL';

/** The app's `audit.key`, so the key stays out of `ps` and shell history. */
export const MAINTENANCE_AUDIT_KEY_ENV = 'MAINTENANCE_AUDIT_KEY';

/** The app's push channel: `postgres`, or a `redis://` URL. */
export const MAINTENANCE_SYNC_ENV = 'MAINTENANCE_SYNC';

/** The app's `approvals.required`. */
export const MAINTENANCE_APPROVALS_REQUIRED_ENV = 'MAINTENANCE_APPROVALS_REQUIRED';
