import { MaintenanceMode } from './maintenance-mode.type';

/** An approved window that starts within the notice period. @publicApi */
export interface UpcomingMaintenance {
  id: string;
  mode: MaintenanceMode;
  message: string | null;
  startsAt: string;
  endsAt: string | null;
}

/**
 * What is in force right now, as `MaintenanceService.getState()` and `GET /maintenance/status` report it.
 * @publicApi
 */
export interface MaintenanceState {
  /** `off` when no window is active. */
  mode: MaintenanceMode | 'off';
  /** The message of the window in force, or `null`. */
  message: string | null;
  /** ISO time the mode in force started, or `null`. */
  since: string | null;
  /** ISO time the mode in force is planned to end (latest end among its windows), or `null` when open-ended or off. */
  until: string | null;
  /** Approved windows starting within `noticeMinutes`. */
  upcoming: UpcomingMaintenance[];
}
