import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of `POST /maintenance/windows/:id/approve`. @publicApi */
export class ApproveWindowDto {
  @ApiPropertyOptional({ maxLength: 1000, example: 'Checked the runbook' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

/** Body of `POST /maintenance/windows/:id/reject`. @publicApi */
export class RejectWindowDto {
  @ApiProperty({ maxLength: 1000, example: 'Clashes with the Black Friday sale' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  comment: string;
}

/** Body of `POST /maintenance/windows/:id/cancel`. @publicApi */
export class CancelWindowDto {
  @ApiPropertyOptional({ maxLength: 500, example: 'Upgrade finished early' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
