import { ApiProperty } from '@nestjs/swagger';
import { MaintenanceAuditLog } from '../../persistence/entities/maintenance-audit-log.entity';
import { MAINTENANCE_AUDIT_ACTIONS, MAINTENANCE_MODES, MaintenanceAuditAction, MaintenanceMode } from '../../interfaces/maintenance-mode.type';
import { MaintenanceState, ScopedMaintenanceState, UpcomingMaintenance } from '../../interfaces/maintenance-state.interface';
import { MaintenanceWindowView } from './maintenance-window.response';

/** An announced window. @publicApi */
export class UpcomingMaintenanceView implements UpcomingMaintenance {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MAINTENANCE_MODES }) mode: MaintenanceMode;
  @ApiProperty({ nullable: true, type: String }) message: string | null;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endsAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The scope it covers; null for the whole app', example: null }) scope: string | null;
}

/** What is in force for one scope. @publicApi */
export class ScopedMaintenanceStateView implements ScopedMaintenanceState {
  @ApiProperty({ example: 'checkout' }) scope: string;
  @ApiProperty({ enum: MAINTENANCE_MODES }) mode: MaintenanceMode;
  @ApiProperty({ nullable: true, type: String }) message: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) since: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) until: string | null;
}

/** `GET /maintenance/status`. @publicApi */
export class MaintenanceStateView implements MaintenanceState {
  @ApiProperty({ enum: ['off', ...MAINTENANCE_MODES], example: 'off' }) mode: MaintenanceMode | 'off';
  @ApiProperty({ nullable: true, type: String }) message: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) since: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) until: string | null;
  @ApiProperty({ type: [UpcomingMaintenanceView] }) upcoming: UpcomingMaintenanceView[];
  @ApiProperty({
    type: [ScopedMaintenanceStateView],
    description: "What is in force per scope (from each scope's own windows); a route of a scope gets the stronger of its scope's mode and `mode`",
  })
  scopes: ScopedMaintenanceStateView[];
}

/** A page of windows. @publicApi */
export class MaintenanceWindowPage {
  @ApiProperty({ type: [MaintenanceWindowView] }) items: MaintenanceWindowView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}

/** An audit entry. @publicApi */
export class MaintenanceAuditEntryView {
  @ApiProperty() id: number;
  @ApiProperty({ enum: MAINTENANCE_AUDIT_ACTIONS }) action: MaintenanceAuditAction;
  @ApiProperty({ example: 'alice' }) actor: string;
  @ApiProperty({ enum: ['api', 'service', 'cli', 'system'] }) source: string;
  @ApiProperty({ nullable: true, type: String }) windowId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({ nullable: true, type: MaintenanceStateView }) stateBefore: MaintenanceState | null;
  @ApiProperty({ nullable: true, type: MaintenanceStateView }) stateAfter: MaintenanceState | null;
  @ApiProperty({ nullable: true, type: Object }) details: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String }) prevHash: string | null;
  @ApiProperty() hash: string;

  static from(entry: MaintenanceAuditLog): MaintenanceAuditEntryView {
    return Object.assign(new MaintenanceAuditEntryView(), {
      ...entry,
      stateBefore: entry.stateBefore ? JSON.parse(entry.stateBefore) : null,
      stateAfter: entry.stateAfter ? JSON.parse(entry.stateAfter) : null,
      details: entry.details ? JSON.parse(entry.details) : null,
      createdAt: entry.createdAt.toISOString(),
    });
  }
}

/** A page of audit entries. @publicApi */
export class MaintenanceAuditPage {
  @ApiProperty({ type: [MaintenanceAuditEntryView] }) items: MaintenanceAuditEntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** `GET /maintenance/audit/verify`. @publicApi */
export class AuditVerificationView {
  @ApiProperty() intact: boolean;
  @ApiProperty() checked: number;
  @ApiProperty({ nullable: true, type: Number }) firstBrokenId: number | null;
  @ApiProperty({ nullable: true, type: String }) problem: string | null;
}

/** Error body of the admin API. @publicApi */
export class MaintenanceApiError {
  @ApiProperty({ description: 'The HTTP status', example: 409 }) statusCode: number;
  @ApiProperty({
    description: 'Why: one sentence, or (400) one message per invalid field',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'You requested this window; someone else must approve it (four-eyes rule).',
  })
  message: string | string[];
  @ApiProperty({ description: 'The HTTP reason phrase', example: 'Conflict' }) error: string;
}
