import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAINTENANCE_LIMITS } from '../../maintenance.limits';
import { IsPlainText } from './is-plain-text.validator';
import { IsIsoDateWithOffset } from './is-iso-date-with-offset.validator';

/** Body of `POST /maintenance/windows/:id/approve`. @publicApi */
export class ApproveWindowDto {
  @ApiPropertyOptional({ maxLength: MAINTENANCE_LIMITS.comment, example: 'Checked the runbook' })
  @IsOptional()
  @IsString()
  @MaxLength(MAINTENANCE_LIMITS.comment)
  @IsPlainText()
  comment?: string;
}

/** Body of `POST /maintenance/windows/:id/reject`. @publicApi */
export class RejectWindowDto {
  @ApiProperty({ maxLength: MAINTENANCE_LIMITS.comment, example: 'Clashes with the Black Friday sale' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAINTENANCE_LIMITS.comment)
  @IsPlainText()
  comment: string;
}

/** Body of `POST /maintenance/windows/:id/cancel`. @publicApi */
export class CancelWindowDto {
  @ApiPropertyOptional({ maxLength: MAINTENANCE_LIMITS.reason, example: 'Upgrade finished early' })
  @IsOptional()
  @IsString()
  @MaxLength(MAINTENANCE_LIMITS.reason)
  @IsPlainText()
  reason?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2030-03-31T00:00:00Z',
    description: 'The start of one occurrence of a recurring window: cancel only that occurrence (ending it now if it is in force)',
  })
  @IsOptional()
  @IsIsoDateWithOffset()
  occurrence?: string;
}
