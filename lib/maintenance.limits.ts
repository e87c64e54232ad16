/**
 * The limits every layer agrees on: the admin API's DTOs, the service's checks of what code and the CLI
 * pass in, the entities' columns and the date parser. One place, so they cannot disagree again. The
 * migrations spell the same lengths out, as a shipped migration must never change; the migrations e2e spec
 * fails if entities and migrations disagree (TypeORM would then see a pending schema change). Raising a
 * limit therefore means a new migration.
 */
export const MAINTENANCE_LIMITS = Object.freeze({
  /** Characters (code points) of a window's or a toggle's reason, and of a cancellation's reason. */
  reason: 500,
  /** Characters of the message shown to users. */
  message: 2000,
  /** Characters of an approval's or a rejection's comment. */
  comment: 1000,
  /** Characters of an actor's name. */
  actor: 200,
  /** Characters of a scope's name (letters, digits, `.`, `_`, `-`). */
  scope: 64,
  /** Entries of a window's `exemptions.ips` and of its `exemptions.paths`, each. */
  exemptions: 50,
  /** Characters of one exemption (an address, a CIDR range or a path pattern). */
  exemption: 200,
  /** Languages a window's message may be translated into. */
  translations: 20,
  /** Characters of a language tag (`de`, `de-CH`, `zh-Hant-TW`). */
  languageTag: 35,
  /** Characters of a recurrence rule (an RRULE value). */
  recurrenceRule: 200,
  /** Cancelled occurrences one recurring window keeps (the oldest are dropped once they are past). */
  cancelledOccurrences: 500,
  /** The largest audit entry id a cursor may name (the id column is a 32-bit integer). */
  auditIdMax: 2 ** 31 - 1,
  /** The earliest instant a date may name: 1970-01-01T00:00:00Z (times are stored as milliseconds since then). */
  earliestMs: 0,
  /** The latest instant a date may name: 9999-12-31T23:59:59.999Z. */
  latestMs: Date.UTC(9999, 11, 31, 23, 59, 59, 999),
  /** How the date range reads in messages. */
  dateRangeText: 'between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z',
});
