import { MaintenanceMode, MaintenanceWindowStatus } from './maintenance-mode.type';

/** Input of `MaintenanceService.enable`. @publicApi */
export interface EnableMaintenanceInput {
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
}

/** Input of `MaintenanceService.requestWindow`. @publicApi */
export interface RequestWindowInput {
  mode: MaintenanceMode;
  reason: string;
  message?: string | null;
  /** Default: now. */
  startsAt?: Date;
  /** Default: open-ended. */
  endsAt?: Date | null;
}

/** Filters of `MaintenanceService.listWindows`. @publicApi */
export interface WindowQuery {
  status?: MaintenanceWindowStatus;
  mode?: MaintenanceMode;
  /** Windows in force at some point at or after this instant. */
  from?: Date;
  /** Windows starting before this instant. */
  to?: Date;
  cursor?: string;
  limit?: number;
}
