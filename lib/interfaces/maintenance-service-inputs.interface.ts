import { MaintenanceMode, MaintenanceWindowStatus } from './maintenance-mode.type';
import { MaintenanceRecurrence, MaintenanceWindowExemptions } from './maintenance-scope.interface';

/** How a window recurs, as it is requested. @publicApi */
export type MaintenanceRecurrenceInput = Omit<MaintenanceRecurrence, 'cancelled'>;

/** What a window or toggle covers besides its mode and time. @publicApi */
export interface MaintenanceCoverageInput {
  /** The scope it covers (see `@MaintenanceScope()` and the `scopes` option); absent or null: the whole app. */
  scope?: string | null;
  /** Who it lets through while in force (addresses/CIDR ranges, path patterns); ends with it. */
  exemptions?: Partial<MaintenanceWindowExemptions> | null;
  /** The message in other languages, by language tag (`{ de: '…', fr: '…' }`): visitors get theirs by `Accept-Language`. */
  translations?: Record<string, string> | null;
}

/** Input of `MaintenanceService.enable`. @publicApi */
export interface EnableMaintenanceInput extends MaintenanceCoverageInput {
  mode: MaintenanceMode;
  reason: string;
  actor: string;
  message?: string | null;
  /** When the emergency window ends by itself; open-ended when absent. */
  endsAt?: Date | null;
}

/** Input of `MaintenanceService.disable`. @publicApi */
export interface DisableMaintenanceInput {
  reason: string;
  actor: string;
  /** End only this scope's windows; absent: end every window in force. */
  scope?: string | null;
}

/** Input of `MaintenanceService.requestWindow`. @publicApi */
export interface RequestWindowInput extends MaintenanceCoverageInput {
  mode: MaintenanceMode;
  reason: string;
  message?: string | null;
  /** Default: now. */
  startsAt?: Date;
  /** Default: open-ended. For a recurring window, the end of the series. */
  endsAt?: Date | null;
  /** Makes the window recur; `startsAt` (required then) is its first occurrence. */
  recurrence?: MaintenanceRecurrenceInput | null;
}

/**
 * Input of `MaintenanceService.updateWindow`: the fields to change (absent: unchanged). `endsAt` and `message` change
 * at once, even on a window in force; `mode`, `scope`, `startsAt`, `exemptions` and `recurrence` send an approved window
 * back to `pending` for a new approval, and cannot change while it is in force.
 * @publicApi
 */
export interface UpdateWindowInput extends MaintenanceCoverageInput {
  mode?: MaintenanceMode;
  message?: string | null;
  startsAt?: Date;
  /** null: open-ended. */
  endsAt?: Date | null;
  recurrence?: MaintenanceRecurrenceInput | null;
  /** Why (audited). */
  reason?: string | null;
}

/** Input of `MaintenanceService.cancel`. @publicApi */
export interface CancelWindowInput {
  reason?: string | null;
  /** The start of one occurrence of a recurring window: cancel only that one. */
  occurrence?: Date;
}

/** Filters of `MaintenanceService.listWindows`. @publicApi */
export interface WindowQuery {
  status?: MaintenanceWindowStatus;
  mode?: MaintenanceMode;
  /** Windows of this scope (`null`: of the whole app). */
  scope?: string | null;
  /** Windows in force at some point at or after this instant. */
  from?: Date;
  /** Windows starting before this instant. */
  to?: Date;
  cursor?: string;
  limit?: number;
}
