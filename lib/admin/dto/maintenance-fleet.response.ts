import { ApiProperty } from '@nestjs/swagger';
import { MaintenanceFleetMember, MaintenanceFleetStatus } from '../../fleet/fleet-status';
import { MaintenanceFleetWait } from '../../fleet/wait-for-fleet';
import { MaintenanceDrainReport } from '../../persistence/entities/maintenance-instance.entity';
import { MaintenanceStateView } from './maintenance-responses';

/** What an instance still drains. @publicApi */
export class MaintenanceDrainReportView implements MaintenanceDrainReport {
  @ApiProperty({ description: 'Writes admitted before the switch, not finished yet' }) requests: number;
  @ApiProperty({ type: [String], example: ['bullmq payments (job 42)', 'ReportsJob.sendDigest'] }) work: string[];
}

/** One instance of the fleet. @publicApi */
export class MaintenanceFleetMemberView implements MaintenanceFleetMember {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'web-1:4242' }) name: string;
  @ApiProperty({ description: 'Its heartbeat has not expired' }) live: boolean;
  @ApiProperty() stateVersion: number;
  @ApiProperty({ enum: ['off', 'read-only', 'full'] }) mode: string;
  @ApiProperty() drained: boolean;
  @ApiProperty({ nullable: true, type: MaintenanceDrainReportView }) draining: MaintenanceDrainReportView | null;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time' }) seenAt: string;
  @ApiProperty({ description: 'Live, enforcing the newest state version, and drained' }) current: boolean;
}

/** `GET /maintenance/fleet`. @publicApi */
export class MaintenanceFleetView implements MaintenanceFleetStatus {
  @ApiProperty({ description: 'The newest version of the stored state' }) stateVersion: number;
  @ApiProperty() live: number;
  @ApiProperty() current: number;
  @ApiProperty({ type: [MaintenanceFleetMemberView] }) lagging: MaintenanceFleetMemberView[];
  @ApiProperty() dead: number;
  @ApiProperty({ type: [MaintenanceFleetMemberView] }) instances: MaintenanceFleetMemberView[];
}

/** How a wait for the fleet ended. @publicApi */
export class MaintenanceFleetWaitView implements MaintenanceFleetWait {
  @ApiProperty({ description: 'Every live instance enforces the change and has drained' }) complete: boolean;
  @ApiProperty({ type: MaintenanceFleetView }) status: MaintenanceFleetView;
  @ApiProperty() waitedMs: number;
  @ApiProperty({ required: false, description: 'Why the fleet could not be read at all (its table is missing)' }) problem?: string;
}

/** `POST /maintenance/toggle`: the resulting state, and the fleet when `waitSeconds` was given. @publicApi */
export class MaintenanceToggleView extends MaintenanceStateView {
  @ApiProperty({ required: false, type: MaintenanceFleetWaitView }) fleet?: MaintenanceFleetWaitView;
}
