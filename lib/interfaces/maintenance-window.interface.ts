import { MaintenanceMode, MaintenanceWindowStatus } from './maintenance-mode.type';

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
  startsAt: string;
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
