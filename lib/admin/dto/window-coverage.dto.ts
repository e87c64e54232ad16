import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAINTENANCE_LIMITS } from '../../maintenance.limits';

// Documentation of the nested inputs. Their content is checked by the service (`checkWindowShape`), with messages
// naming each entry (`exemptions.ips[1] must be ...`), the same for the API, `MaintenanceService` and the CLI.

/** A window's own exemptions, as requested. @publicApi */
export class WindowExemptionsDto {
  @ApiPropertyOptional({
    type: [String],
    maxItems: MAINTENANCE_LIMITS.exemptions,
    example: ['203.0.113.0/24'],
    description: 'Client addresses and CIDR ranges let through while the window is in force (read per trustProxy)',
  })
  ips?: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAINTENANCE_LIMITS.exemptions,
    example: ['/admin/**'],
    description: 'Path patterns (as bypass.paths) let through while the window is in force',
  })
  paths?: string[];
}

/** How a window recurs, as requested. @publicApi */
export class WindowRecurrenceDto {
  @ApiProperty({
    maxLength: MAINTENANCE_LIMITS.recurrenceRule,
    example: 'FREQ=WEEKLY;BYDAY=SU',
    description:
      'RFC 5545 RRULE value: FREQ DAILY, WEEKLY, MONTHLY or YEARLY; COUNT or UNTIL may bound it. No DTSTART or TZID: startsAt and timeZone give them',
  })
  rule: string;

  @ApiProperty({ example: 'Europe/Berlin', description: "IANA time zone: each occurrence starts at startsAt's local time there, across DST changes" })
  timeZone: string;

  @ApiProperty({ minimum: 1, maximum: 10080, example: 60, description: 'Length of each occurrence' })
  durationMinutes: number;
}
