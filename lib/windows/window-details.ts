import { MaintenanceApprovalDetails, MaintenanceWindowDetails } from '../interfaces/maintenance-window.interface';
import { MaintenanceApproval } from '../persistence/entities/maintenance-approval.entity';
import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';

/** A stored window as the API, the events and `MaintenanceService` show it. */
export function windowDetails(window: MaintenanceWindow): MaintenanceWindowDetails {
  const details: MaintenanceWindowDetails = {
    id: window.id,
    mode: window.mode,
    status: window.status,
    reason: window.reason,
    message: window.message,
    emergency: window.emergency,
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

function approvalDetails(approval: MaintenanceApproval): MaintenanceApprovalDetails {
  return {
    id: approval.id,
    approver: approval.approver,
    decision: approval.decision,
    comment: approval.comment,
    createdAt: approval.createdAt.toISOString(),
  };
}
