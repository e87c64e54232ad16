import { MaintenanceApprovalDetails, MaintenanceRecurrenceDetails, MaintenanceWindowDetails } from '../interfaces/maintenance-window.interface';
import { MaintenanceApproval } from '../persistence/entities/maintenance-approval.entity';
import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { nextOccurrence, occurrenceAt } from '../recurrence/recurrence';
import { seriesOf } from '../state/window-occurrences';

/** A stored window as the API, the events and `MaintenanceService` show it. */
export function windowDetails(window: MaintenanceWindow): MaintenanceWindowDetails {
  const details: MaintenanceWindowDetails = {
    id: window.id,
    mode: window.mode,
    status: window.status,
    reason: window.reason,
    message: window.message,
    translations: window.translations ?? null,
    emergency: window.emergency,
    scope: window.scope ?? null,
    exemptions: window.exemptions ?? null,
    recurrence: recurrenceDetails(window),
    startsAt: window.startsAt.toISOString(),
    endsAt: window.endsAt?.toISOString() ?? null,
    endedAt: window.endedAt?.toISOString() ?? null,
    requestedBy: window.requestedBy,
    closedBy: window.closedBy,
    createdAt: window.createdAt.toISOString(),
    updatedAt: window.updatedAt.toISOString(),
  };
  if (window.approvals) {
    details.approvals = [...window.approvals].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map(approvalDetails);
  }
  return details;
}

function recurrenceDetails(window: MaintenanceWindow): MaintenanceRecurrenceDetails | null {
  const recurrence = window.recurrence;
  if (!recurrence) return null;
  const series = seriesOf({ ...window, recurrence });
  const now = Date.now();
  const next = occurrenceAt(series, now) ?? nextOccurrence(series, now);
  return {
    rule: recurrence.rule,
    timeZone: recurrence.timeZone,
    durationMinutes: recurrence.durationMinutes,
    cancelled: recurrence.cancelled.map((at) => new Date(at).toISOString()),
    next: next && { startsAt: new Date(next.startMs).toISOString(), endsAt: new Date(next.endMs).toISOString() },
  };
}

function approvalDetails(approval: MaintenanceApproval): MaintenanceApprovalDetails {
  return {
    id: approval.id,
    approver: approval.approver,
    decision: approval.decision,
    comment: approval.comment,
    createdAt: approval.createdAt.toISOString(),
  };
}
