import { MaintenanceMode } from './maintenance-mode.type';

/** An approved window that starts within the notice period. @publicApi */
export interface UpcomingMaintenance {
  id: string;
  mode: MaintenanceMode;
  message: string | null;
  /** The message in other languages, by language tag; absent when it has none. */
  translations?: Record<string, string>;
  startsAt: string;
  endsAt: string | null;
  /** The scope it covers, or `null` for the whole app. */
  scope: string | null;
}

/** What is in force for one scope, from that scope's own windows. @publicApi */
export interface ScopedMaintenanceState {
  scope: string;
  mode: MaintenanceMode;
  message: string | null;
  /** The message in other languages, by language tag; absent when it has none. */
  translations?: Record<string, string>;
  /** ISO time the mode started. */
  since: string | null;
  /** ISO time it is planned to end, or `null` when open-ended. */
  until: string | null;
}

/**
 * What is in force right now, as `MaintenanceService.getState()` and `GET /maintenance/status` report it.
 * @publicApi
 */
export interface MaintenanceState {
  /** `off` when no window for the whole app is active. */
  mode: MaintenanceMode | 'off';
  /** The message of the window in force, or `null`. */
  message: string | null;
  /** That message in other languages, by language tag (`{ "de": "…" }`); absent when the window has none. */
  translations?: Record<string, string>;
  /** ISO time the mode in force started, or `null`. */
  since: string | null;
  /** ISO time the mode in force is planned to end (latest end among its windows), or `null` when open-ended or off. */
  until: string | null;
  /** Approved windows (and occurrences of recurring ones), of the whole app and of scopes, starting within `noticeMinutes`. */
  upcoming: UpcomingMaintenance[];
  /**
   * What is in force per scope (routes tagged `@MaintenanceScope()` or selected by the `scopes` option), from each
   * scope's own windows; empty when no scoped window is in force. A route of a scope gets the stronger of its scope's
   * mode and the whole app's.
   */
  scopes: ScopedMaintenanceState[];
}
