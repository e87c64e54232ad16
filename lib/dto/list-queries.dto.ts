import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAINTENANCE_DEFAULTS } from '../maintenance.constants';
import {
  MAINTENANCE_AUDIT_ACTIONS,
  MAINTENANCE_MODES,
  MAINTENANCE_WINDOW_STATUSES,
  MaintenanceAuditAction,
  MaintenanceMode,
  MaintenanceWindowStatus,
} from '../interfaces/maintenance-mode.type';
import { IsIsoDateWithOffset } from './is-iso-date-with-offset.validator';

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

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
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
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  windowId?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'cursor must be a nextCursor returned by this endpoint' })
  cursor?: string;
}
