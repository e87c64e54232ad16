import { ApiProperty } from '@nestjs/swagger';
import { MaintenanceWebhookStatus } from '../../webhooks/webhook-status';

/** Where one webhook stands (`GET /maintenance/webhooks`). @publicApi */
export class MaintenanceWebhookStatusView implements MaintenanceWebhookStatus {
  @ApiProperty({ example: 'hooks.example.com#1a2b3c4d' }) name: string;
  @ApiProperty({ description: 'The last audit entry delivered (or skipped as not one of its events)' }) deliveredUpTo: number;
  @ApiProperty({ description: 'Its events after that one, not delivered yet' }) pending: number;
  @ApiProperty({ description: 'Failed attempts at the next event since its last success (0: not failing)' }) attempts: number;
  @ApiProperty({ nullable: true, type: String, example: 'HTTP 500' }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) failingSince: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastDeliveredAt: string | null;
  @ApiProperty({ description: 'An instance is delivering to it right now' }) delivering: boolean;
}
