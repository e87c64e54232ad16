import { MaintenanceMode, MaintenanceWindowStatus } from './maintenance-mode.type';
import { MaintenanceWindowExemptions } from './maintenance-scope.interface';

/** How a window recurs, as the API shows it. @publicApi */
export interface MaintenanceRecurrenceDetails {
  rule: string;
  timeZone: string;
  durationMinutes: number;
  /** Starts of cancelled occurrences (ISO 8601). */
  cancelled: string[];
  /** The occurrence in force or next to come (not cancelled), or null when the series is over. */
  next: { startsAt: string; endsAt: string } | null;
}

/** One approver's decision, as the API, the events and `MaintenanceService` show it. @publicApi */
export interface MaintenanceApprovalDetails {
  id: string;
  approver: string;
  decision: 'approve' | 'reject';
  comment: string | null;
  /** ISO 8601. */
  createdAt: string;
}

/**
 * A maintenance window, as the API, the events and `MaintenanceService` show it: plain JSON-ready data, times
 * as ISO 8601 strings. (`MaintenanceWindowView` is the same shape, documented for Swagger.)
 * @publicApi
 */
export interface MaintenanceWindowDetails {
  id: string;
  mode: MaintenanceMode;
  status: MaintenanceWindowStatus;
  reason: string;
  message: string | null;
  /** Opened by the emergency toggle, without approval. */
  emergency: boolean;
  /** The scope it covers, or null for the whole app. */
  scope: string | null;
  /** Who it lets through while in force, or null. */
  exemptions: MaintenanceWindowExemptions | null;
  /** `message` in other languages, by language tag, or null. */
  translations: Record<string, string> | null;
  /** How it recurs, or null for a one-off window. */
  recurrence: MaintenanceRecurrenceDetails | null;
  /** For a recurring window: its first occurrence. */
  startsAt: string;
  /** For a recurring window: the end of its series (null: none). */
  endsAt: string | null;
  /** When it really stopped being in force. */
  endedAt: string | null;
  requestedBy: string;
  /** Who rejected, cancelled or ended it. */
  closedBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** Oldest first; present when the window was read with its approvals. */
  approvals?: MaintenanceApprovalDetails[];
}
