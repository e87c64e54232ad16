import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MaintenanceApproval } from '../../persistence/entities/maintenance-approval.entity';
import { MaintenanceWindow } from '../../persistence/entities/maintenance-window.entity';
import { MAINTENANCE_MODES, MAINTENANCE_WINDOW_STATUSES, MaintenanceMode, MaintenanceWindowStatus } from '../../interfaces/maintenance-mode.type';

/** One approver's decision, as the API shows it. @publicApi */
export class MaintenanceApprovalView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'bob' }) approver: string;
  @ApiProperty({ enum: ['approve', 'reject'] }) decision: 'approve' | 'reject';
  @ApiProperty({ nullable: true, type: String, example: 'Looks good' }) comment: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(approval: MaintenanceApproval): MaintenanceApprovalView {
    return Object.assign(new MaintenanceApprovalView(), {
      id: approval.id,
      approver: approval.approver,
      decision: approval.decision,
      comment: approval.comment,
      createdAt: approval.createdAt.toISOString(),
    });
  }
}

/** A maintenance window, as the API and the events show it. @publicApi */
export class MaintenanceWindowView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MAINTENANCE_MODES, example: 'read-only' }) mode: MaintenanceMode;
  @ApiProperty({ enum: MAINTENANCE_WINDOW_STATUSES, example: 'pending' }) status: MaintenanceWindowStatus;
  @ApiProperty({ example: 'Database upgrade to 16.4' }) reason: string;
  @ApiProperty({ nullable: true, type: String, example: 'Back at 03:00 UTC' }) message: string | null;
  @ApiProperty({ description: 'Opened by the emergency toggle, without approval' }) emergency: boolean;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endsAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it really stopped being in force' })
  endedAt: string | null;
  @ApiProperty({ example: 'alice' }) requestedBy: string;
  @ApiProperty({ nullable: true, type: String, description: 'Who rejected, cancelled or ended it', example: 'carol' }) closedBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ type: [MaintenanceApprovalView] }) approvals?: MaintenanceApprovalView[];

  static from(window: MaintenanceWindow): MaintenanceWindowView {
    const view = Object.assign(new MaintenanceWindowView(), {
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
    });
    if (window.approvals) {
      view.approvals = [...window.approvals]
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .map((approval) => MaintenanceApprovalView.from(approval));
    }
    return view;
  }
}
