import { Column, Entity, Index, OneToMany, PrimaryColumn } from 'typeorm';
import { MaintenanceMode, MaintenanceWindowStatus } from '../../interfaces/maintenance-mode.type';
import { epochMsTransformer } from './epoch-ms.transformer';
import { MaintenanceApproval } from './maintenance-approval.entity';
import { MAINTENANCE_LIMITS } from '../../maintenance.limits';

/**
 * A maintenance window: a mode in force from `startsAt` until `endsAt` (open-ended when null).
 * The table is the one source of truth for what is active; the emergency switch is a window too.
 * @publicApi
 */
@Entity('maintenance_windows')
@Index('IDX_maintenance_windows_status_starts', ['status', 'startsAt'])
@Index('IDX_maintenance_windows_created', ['createdAt', 'id'])
export class MaintenanceWindow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  mode: MaintenanceMode;

  @Column({ type: 'varchar', length: 16 })
  status: MaintenanceWindowStatus;

  @Column({ type: 'varchar', length: MAINTENANCE_LIMITS.reason })
  reason: string;

  @Column({ type: 'varchar', length: MAINTENANCE_LIMITS.message, nullable: true })
  message: string | null;

  /** Opened by the emergency toggle (or `MaintenanceService.enable`), without approval. */
  @Column({ type: 'boolean', default: false })
  emergency: boolean;

  @Column({ type: 'bigint', transformer: epochMsTransformer })
  startsAt: Date;

  @Column({ type: 'bigint', nullable: true, transformer: epochMsTransformer })
  endsAt: Date | null;

  /** When the window really stopped being in force (completed, ended early or cancelled while active). */
  @Column({ type: 'bigint', nullable: true, transformer: epochMsTransformer })
  endedAt: Date | null;

  @Column({ type: 'varchar', length: MAINTENANCE_LIMITS.actor })
  requestedBy: string;

  /** Who rejected, cancelled or ended the window, when someone did. */
  @Column({ type: 'varchar', length: MAINTENANCE_LIMITS.actor, nullable: true })
  closedBy: string | null;

  @Column({ type: 'bigint', transformer: epochMsTransformer })
  createdAt: Date;

  @Column({ type: 'bigint', transformer: epochMsTransformer })
  updatedAt: Date;

  @OneToMany(() => MaintenanceApproval, (approval) => approval.window)
  approvals?: MaintenanceApproval[];
}
