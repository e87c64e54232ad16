/**
 * Who a window lets through while it is in force, on top of the module's own bypasses: the team checking the
 * upgraded app from the office before it opens. Approvers approve them with the window; they end with it.
 * @publicApi
 */
export interface MaintenanceWindowExemptions {
  /** Client addresses and CIDR ranges (read as `bypass.ips` reads them, per `trustProxy`). */
  ips: string[];
  /** Path patterns, in the syntax of `bypass.paths` (`/health`, `/status/*`, `/admin/**`). */
  paths: string[];
}

/**
 * How a window recurs: every occurrence starts at the window's local start time in `timeZone` on the days
 * `rule` names, and lasts `durationMinutes`. The window's `startsAt` is the first occurrence, its `endsAt` the
 * end of the series (null: no end).
 * @publicApi
 */
export interface MaintenanceRecurrence {
  /** An RFC 5545 RRULE value, e.g. `FREQ=WEEKLY;BYDAY=SU` (FREQ DAILY, WEEKLY, MONTHLY or YEARLY; COUNT and UNTIL allowed). */
  rule: string;
  /** IANA time zone the local start time is kept in across daylight-saving changes, e.g. `Europe/Berlin`. */
  timeZone: string;
  /** Length of every occurrence. */
  durationMinutes: number;
  /** Starts (ms since epoch) of cancelled occurrences. */
  cancelled: number[];
}

/**
 * What a scope selects besides the routes tagged `@MaintenanceScope(name)` (see the `scopes` option).
 * @publicApi
 */
export interface MaintenanceScopeDefinition {
  /** Path patterns, in the syntax of `bypass.paths`. */
  paths?: string[];
  /** Host names, compared with the request's `Host` header without its port, case-insensitively. */
  hosts?: string[];
}
