import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAINTENANCE_MODES, MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { IsIsoDateWithOffset } from './is-iso-date-with-offset.validator';

/** Body of `POST /maintenance/windows`. @publicApi */
export class CreateWindowDto {
  @ApiProperty({ enum: MAINTENANCE_MODES, example: 'read-only' })
  @IsIn(MAINTENANCE_MODES)
  mode: MaintenanceMode;

  @ApiProperty({ maxLength: 500, example: 'Postgres 16 upgrade' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'We are upgrading our database; back by 03:00 UTC.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
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
