import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { SmallObjectInput } from './small-object-input';
import { WindowExemptionsDto, WindowRecurrenceDto } from './window-coverage.dto';
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

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Default: now. With recurrence (then required): the first occurrence',
    example: '2030-01-31T22:00:00Z',
  })
  @IsOptional()
  @IsIsoDateWithOffset()
  startsAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: open-ended. With recurrence: the end of the series', example: '2030-01-31T23:00:00Z' })
  @IsOptional()
  @IsIsoDateWithOffset()
  endsAt?: string;

  @ApiPropertyOptional({
    maxLength: MAINTENANCE_LIMITS.scope,
    example: 'checkout',
    description: 'Cover only the routes of this scope (@MaintenanceScope() or the scopes option); default: the whole app',
  })
  @IsOptional()
  @IsString()
  scope?: string;

  @ApiPropertyOptional({ type: WindowExemptionsDto, description: 'Who the window lets through while in force (approved with it)' })
  @IsOptional()
  @IsObject()
  @SmallObjectInput({ ips: 'strings', paths: 'strings' })
  exemptions?: WindowExemptionsDto;

  @ApiPropertyOptional({ type: WindowRecurrenceDto, description: 'Make the window recur; approved once for its whole series' })
  @IsOptional()
  @IsObject()
  @SmallObjectInput({ rule: 'value', timeZone: 'value', durationMinutes: 'value' })
  recurrence?: WindowRecurrenceDto;
}
