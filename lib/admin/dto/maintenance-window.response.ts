import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MaintenanceApprovalDetails, MaintenanceWindowDetails } from '../../interfaces/maintenance-window.interface';
import { MAINTENANCE_MODES, MAINTENANCE_WINDOW_STATUSES, MaintenanceMode, MaintenanceWindowStatus } from '../../interfaces/maintenance-mode.type';

/** One approver's decision, as the API shows it. @publicApi */
export class MaintenanceApprovalView implements MaintenanceApprovalDetails {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'bob' }) approver: string;
  @ApiProperty({ enum: ['approve', 'reject'] }) decision: 'approve' | 'reject';
  @ApiProperty({ nullable: true, type: String, example: 'Looks good' }) comment: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** A maintenance window, as the API shows it (`MaintenanceWindowDetails`, documented for Swagger). @publicApi */
export class MaintenanceWindowView implements MaintenanceWindowDetails {
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
}
