import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SmallObjectInput } from './small-object-input';
import { WindowExemptionsDto } from './window-coverage.dto';
import { MaintenanceMode } from '../../interfaces/maintenance-mode.type';
import { MAINTENANCE_LIMITS } from '../../maintenance.limits';
import { IsIsoDateWithOffset } from './is-iso-date-with-offset.validator';
import { IsPlainText } from './is-plain-text.validator';

/** The longest a toggle may wait for the fleet: longer than most proxies keep a request open already. */
export const MAX_TOGGLE_WAIT_SECONDS = 300;

const TOGGLE_MODES = ['full', 'read-only', 'off'] as const;

/** Body of `POST /maintenance/toggle`. @publicApi */
export class ToggleMaintenanceDto {
  @ApiProperty({ enum: TOGGLE_MODES, example: 'full' })
  @IsIn(TOGGLE_MODES)
  mode: MaintenanceMode | 'off';

  @ApiProperty({ maxLength: MAINTENANCE_LIMITS.reason, example: 'Payment provider outage' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAINTENANCE_LIMITS.reason)
  @IsPlainText()
  reason: string;

  @ApiPropertyOptional({ maxLength: MAINTENANCE_LIMITS.message, example: 'Checkout is paused while we fix a problem.' })
  @IsOptional()
  @IsString()
  @MaxLength(MAINTENANCE_LIMITS.message)
  @IsPlainText()
  message?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: MAINTENANCE_LIMITS.message },
    description: 'The message in other languages, by language tag (at most 20); visitors get theirs by Accept-Language',
    example: { de: 'Wir aktualisieren die Datenbank.', fr: 'Nous mettons à jour la base de données.' },
  })
  @IsOptional()
  @IsObject()
  @SmallObjectInput({ '*': 'value' })
  translations?: Record<string, string>;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the emergency window ends by itself', example: '2030-01-31T23:00:00Z' })
  @IsOptional()
  @IsIsoDateWithOffset()
  endsAt?: string;

  @ApiPropertyOptional({
    maxLength: MAINTENANCE_LIMITS.scope,
    example: 'checkout',
    description:
      'Switch only this scope: ends its windows in force and opens one for it. Without it, on switches the whole app (scoped windows stay) and off ends every window in force',
  })
  @IsOptional()
  @IsString()
  scope?: string;

  @ApiPropertyOptional({ type: WindowExemptionsDto, description: 'Who the emergency window lets through while in force' })
  @IsOptional()
  @IsObject()
  @SmallObjectInput({ ips: 'strings', paths: 'strings' })
  exemptions?: WindowExemptionsDto;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_TOGGLE_WAIT_SECONDS,
    description: 'Answer only when every live instance enforces the change and has drained, or after this many seconds (then 202)',
    example: 60,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TOGGLE_WAIT_SECONDS)
  waitSeconds?: number;
}
