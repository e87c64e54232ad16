import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAINTENANCE_MODES, MaintenanceMode } from '../../interfaces/maintenance-mode.type';
import { MAINTENANCE_LIMITS } from '../../maintenance.limits';
import { IsIsoDateWithOffset } from './is-iso-date-with-offset.validator';
import { IsPlainText } from './is-plain-text.validator';

/** Body of `POST /maintenance/windows`. @publicApi */
export class CreateWindowDto {
  @ApiProperty({ enum: MAINTENANCE_MODES, example: 'read-only' })
  @IsIn(MAINTENANCE_MODES)
  mode: MaintenanceMode;

  @ApiProperty({ maxLength: MAINTENANCE_LIMITS.reason, example: 'Postgres 16 upgrade' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAINTENANCE_LIMITS.reason)
  @IsPlainText()
  reason: string;

  @ApiPropertyOptional({ maxLength: MAINTENANCE_LIMITS.message, example: 'We are upgrading our database; back by 03:00 UTC.' })
  @IsOptional()
  @IsString()
  @MaxLength(MAINTENANCE_LIMITS.message)
  @IsPlainText()
  message?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: now', example: '2030-01-31T22:00:00Z' })
  @IsOptional()
  @IsIsoDateWithOffset()
  startsAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: open-ended', example: '2030-01-31T23:00:00Z' })
  @IsOptional()
  @IsIsoDateWithOffset()
  endsAt?: string;
}
