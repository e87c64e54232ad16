import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAINTENANCE_LIMITS } from '../../maintenance.limits';
import { IsPlainText } from './is-plain-text.validator';

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
}
