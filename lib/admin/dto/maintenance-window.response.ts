import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MaintenanceApprovalDetails, MaintenanceRecurrenceDetails, MaintenanceWindowDetails } from '../../interfaces/maintenance-window.interface';
import { MaintenanceWindowExemptions } from '../../interfaces/maintenance-scope.interface';
import { MAINTENANCE_MODES, MAINTENANCE_WINDOW_STATUSES, MaintenanceMode, MaintenanceWindowStatus } from '../../interfaces/maintenance-mode.type';

/** One approver's decision, as the API shows it. @publicApi */
export class MaintenanceApprovalView implements MaintenanceApprovalDetails {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'bob' }) approver: string;
  @ApiProperty({ enum: ['approve', 'reject'] }) decision: 'approve' | 'reject';
  @ApiProperty({ nullable: true, type: String, example: 'Looks good' }) comment: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** Who a window lets through while in force. @publicApi */
export class MaintenanceWindowExemptionsView implements MaintenanceWindowExemptions {
  @ApiProperty({ type: [String], example: ['203.0.113.0/24'], description: 'Client addresses and CIDR ranges (read per trustProxy)' }) ips: string[];
  @ApiProperty({ type: [String], example: ['/admin/**'], description: 'Path patterns, as bypass.paths' }) paths: string[];
}

/** An occurrence of a recurring window. @publicApi */
export class MaintenanceOccurrenceView {
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
}

/** How a window recurs. @publicApi */
export class MaintenanceRecurrenceView implements MaintenanceRecurrenceDetails {
  @ApiProperty({ example: 'FREQ=WEEKLY;BYDAY=SU', description: 'RFC 5545 RRULE value (FREQ DAILY, WEEKLY, MONTHLY or YEARLY)' }) rule: string;
  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA time zone; occurrences keep their local start time across DST changes' })
  timeZone: string;
  @ApiProperty({ example: 60 }) durationMinutes: number;
  @ApiProperty({ type: [String], format: 'date-time', description: 'Starts of cancelled occurrences' }) cancelled: string[];
  @ApiProperty({ type: MaintenanceOccurrenceView, nullable: true, description: 'The occurrence in force or next to come' })
  next: MaintenanceOccurrenceView | null;
}

/** A maintenance window, as the API shows it (`MaintenanceWindowDetails`, documented for Swagger). @publicApi */
export class MaintenanceWindowView implements MaintenanceWindowDetails {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MAINTENANCE_MODES, example: 'read-only' }) mode: MaintenanceMode;
  @ApiProperty({ enum: MAINTENANCE_WINDOW_STATUSES, example: 'pending' }) status: MaintenanceWindowStatus;
  @ApiProperty({ example: 'Database upgrade to 16.4' }) reason: string;
  @ApiProperty({ nullable: true, type: String, example: 'Back at 03:00 UTC' }) message: string | null;
  @ApiProperty({ description: 'Opened by the emergency toggle, without approval' }) emergency: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'checkout', description: 'The scope it covers; null for the whole app' }) scope: string | null;
  @ApiProperty({ nullable: true, type: MaintenanceWindowExemptionsView }) exemptions: MaintenanceWindowExemptionsView | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'The message in other languages, by language tag',
    example: { de: 'Wir aktualisieren die Datenbank; zurück um 03:00 UTC.' },
  })
  translations: Record<string, string> | null;
  @ApiProperty({ nullable: true, type: MaintenanceRecurrenceView, description: 'null for a one-off window' })
  recurrence: MaintenanceRecurrenceView | null;
  @ApiProperty({ format: 'date-time', description: 'For a recurring window: its first occurrence' }) startsAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'For a recurring window: the end of its series' })
  endsAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it really stopped being in force' })
  endedAt: string | null;
  @ApiProperty({ example: 'alice' }) requestedBy: string;
  @ApiProperty({ nullable: true, type: String, description: 'Who rejected, cancelled or ended it', example: 'carol' }) closedBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ type: [MaintenanceApprovalView] }) approvals?: MaintenanceApprovalView[];
}
