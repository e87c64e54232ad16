import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { IsIsoDateWithOffset } from './is-iso-date-with-offset.validator';

const TOGGLE_MODES = ['full', 'read-only', 'off'] as const;

/** Body of `POST /maintenance/toggle`. @publicApi */
export class ToggleMaintenanceDto {
  @ApiProperty({ enum: TOGGLE_MODES, example: 'full' })
  @IsIn(TOGGLE_MODES)
  mode: MaintenanceMode | 'off';

  @ApiProperty({ maxLength: 500, example: 'Payment provider outage' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Checkout is paused while we fix a problem.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  message?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the emergency window ends by itself', example: '2030-01-31T23:00:00Z' })
  @IsOptional()
  @IsIsoDateWithOffset()
  endsAt?: string;
}
