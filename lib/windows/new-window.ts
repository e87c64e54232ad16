import { randomUUID } from 'node:crypto';
import { MaintenanceMode, MaintenanceWindowStatus } from '../interfaces/maintenance-mode.type';
import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { MaintenanceRecurrence, MaintenanceWindowExemptions } from '../interfaces/maintenance-scope.interface';

/** What decides a new window; everything else starts empty. */
export interface NewWindowFields {
  mode: MaintenanceMode;
  status: MaintenanceWindowStatus;
  reason: string;
  message: string | null;
  emergency: boolean;
  startsAt: Date;
  endsAt: Date | null;
  requestedBy: string;
  /** When it was created (and last updated). */
  at: Date;
  id?: string;
  scope?: string | null;
  exemptions?: MaintenanceWindowExemptions | null;
  recurrence?: MaintenanceRecurrence | null;
  translations?: Record<string, string> | null;
}

/** A window not stored yet: requested, or opened by the emergency toggle. */
export function newWindow(fields: NewWindowFields): MaintenanceWindow {
  return Object.assign(new MaintenanceWindow(), {
    id: fields.id ?? randomUUID(),
    mode: fields.mode,
    status: fields.status,
    reason: fields.reason,
    message: fields.message,
    emergency: fields.emergency,
    scope: fields.scope ?? null,
    exemptions: fields.exemptions ?? null,
    recurrence: fields.recurrence ?? null,
    translations: fields.translations ?? null,
    startsAt: fields.startsAt,
    endsAt: fields.endsAt,
    endedAt: null,
    requestedBy: fields.requestedBy,
    closedBy: null,
    createdAt: fields.at,
    updatedAt: fields.at,
  });
}
