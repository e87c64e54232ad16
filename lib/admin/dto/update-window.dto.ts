import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { MAINTENANCE_MODES, MaintenanceMode } from '../../interfaces/maintenance-mode.type';
import { MAINTENANCE_LIMITS } from '../../maintenance.limits';
import { IsIsoDateWithOffset } from './is-iso-date-with-offset.validator';
import { IsPlainText } from './is-plain-text.validator';
import { SmallObjectInput } from './small-object-input';
import { WindowExemptionsDto, WindowRecurrenceDto } from './window-coverage.dto';

const NEEDS_APPROVAL = 'Changing it sends an approved window back to pending for a new approval; refused (409) while the window is in force.';

/**
 * Body of `PATCH /maintenance/windows/:id`: the fields to change; absent fields stay as they are, `null` clears a
 * field that may be empty. `endsAt` and `message` change at once, even while the window is in force.
 * @publicApi
 */
export class UpdateWindowDto {
  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    type: String,
    example: '2030-01-31T23:30:00Z',
    description: 'Extend or shorten the window (also while in force; no new approval); null: open-ended',
  })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsIsoDateWithOffset()
  endsAt?: string | null;

  @ApiPropertyOptional({ maxLength: MAINTENANCE_LIMITS.message, nullable: true, type: String, description: 'No new approval needed' })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(MAINTENANCE_LIMITS.message)
  @IsPlainText()
  message?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: MAINTENANCE_LIMITS.message },
    description: 'The message in other languages, by language tag (at most 20); visitors get theirs by Accept-Language',
    example: { de: 'Wir aktualisieren die Datenbank.', fr: 'Nous mettons à jour la base de données.' },
  })
  @IsOptional()
  @IsObject()
  @SmallObjectInput({ '*': 'value' })
  translations?: Record<string, string> | null;

  @ApiPropertyOptional({ enum: MAINTENANCE_MODES, description: NEEDS_APPROVAL })
  @IsOptional()
  @IsIn(MAINTENANCE_MODES)
  mode?: MaintenanceMode;

  @ApiPropertyOptional({ format: 'date-time', description: NEEDS_APPROVAL })
  @IsOptional()
  @IsIsoDateWithOffset()
  startsAt?: string;

  @ApiPropertyOptional({ maxLength: MAINTENANCE_LIMITS.scope, nullable: true, type: String, description: `null: the whole app. ${NEEDS_APPROVAL}` })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsString()
  scope?: string | null;

  @ApiPropertyOptional({ type: WindowExemptionsDto, nullable: true, description: `null: none. ${NEEDS_APPROVAL}` })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsObject()
  @SmallObjectInput({ ips: 'strings', paths: 'strings' })
  exemptions?: WindowExemptionsDto | null;

  @ApiPropertyOptional({ type: WindowRecurrenceDto, nullable: true, description: `null: a one-off window. ${NEEDS_APPROVAL}` })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsObject()
  @SmallObjectInput({ rule: 'value', timeZone: 'value', durationMinutes: 'value' })
  recurrence?: WindowRecurrenceDto | null;

  @ApiPropertyOptional({ maxLength: MAINTENANCE_LIMITS.reason, example: 'The migration runs longer', description: 'Why (audited)' })
  @IsOptional()
  @IsString()
  @MaxLength(MAINTENANCE_LIMITS.reason)
  @IsPlainText()
  reason?: string;
}
