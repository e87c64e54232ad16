import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { MAINTENANCE_DEFAULTS } from '../../maintenance.constants';
import {
  MAINTENANCE_AUDIT_ACTIONS,
  MAINTENANCE_MODES,
  MAINTENANCE_WINDOW_STATUSES,
  MaintenanceAuditAction,
  MaintenanceMode,
  MaintenanceWindowStatus,
} from '../../interfaces/maintenance-mode.type';
import { MAINTENANCE_LIMITS } from '../../maintenance.limits';
import { IsIsoDateWithOffset } from './is-iso-date-with-offset.validator';
import { IsPlainText } from './is-plain-text.validator';

/** Paging and time range shared by the list endpoints. */
class PageQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'From this instant (inclusive)' })
  @IsOptional()
  @IsIsoDateWithOffset()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Until this instant (exclusive)' })
  @IsOptional()
  @IsIsoDateWithOffset()
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAINTENANCE_DEFAULTS.listMaxLimit, default: MAINTENANCE_DEFAULTS.listLimit })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAINTENANCE_DEFAULTS.listMaxLimit)
  limit?: number;
}

/** Query of `GET /maintenance/windows`. @publicApi */
export class ListWindowsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MAINTENANCE_WINDOW_STATUSES })
  @IsOptional()
  @IsIn(MAINTENANCE_WINDOW_STATUSES)
  status?: MaintenanceWindowStatus;

  @ApiPropertyOptional({ enum: MAINTENANCE_MODES })
  @IsOptional()
  @IsIn(MAINTENANCE_MODES)
  mode?: MaintenanceMode;

  @ApiPropertyOptional({ description: 'Windows of this scope; empty (`scope=`) for windows of the whole app', example: 'checkout' })
  @IsOptional()
  @IsString()
  @Matches(/^$|^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'scope must be a scope name, or empty for the whole app' })
  scope?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsPlainText()
  cursor?: string;
}

/** Query of `GET /maintenance/audit`. @publicApi */
export class ListAuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MAINTENANCE_AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(MAINTENANCE_AUDIT_ACTIONS)
  action?: MaintenanceAuditAction;

  @ApiPropertyOptional({ example: 'alice' })
  @IsOptional()
  @IsString()
  @MaxLength(MAINTENANCE_LIMITS.actor)
  @IsPlainText()
  actor?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  windowId?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'cursor must be a nextCursor returned by this endpoint' })
  @IsAuditCursor()
  cursor?: string;
}

/** An audit id the id column can hold: 1 to 2^31-1 (`MAINTENANCE_LIMITS.auditIdMax`). */
function IsAuditCursor(): PropertyDecorator {
  return ValidateBy({
    name: 'isAuditCursor',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) <= MAINTENANCE_LIMITS.auditIdMax,
      defaultMessage: (args) => `${args?.property} must be a nextCursor returned by this endpoint (at most ${MAINTENANCE_LIMITS.auditIdMax})`,
    },
  });
}
