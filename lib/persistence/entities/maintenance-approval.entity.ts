import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './epoch-ms.transformer';
import type { MaintenanceWindow } from './maintenance-window.entity';
import { MAINTENANCE_LIMITS } from '../../maintenance.limits';

/**
 * One approver's decision on a window. The unique (window, approver) pair makes a second vote by the
 * same person impossible even when two requests race.
 * @publicApi
 */
@Entity('maintenance_approvals')
@Index('UQ_maintenance_approvals_window_approver', ['windowId', 'approver'], { unique: true })
export class MaintenanceApproval {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  windowId: string;

  @ManyToOne('MaintenanceWindow', 'approvals', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'windowId' })
  window?: MaintenanceWindow;

  @Column({ type: 'varchar', length: MAINTENANCE_LIMITS.actor })
  approver: string;

  @Column({ type: 'varchar', length: 16 })
  decision: 'approve' | 'reject';

  @Column({ type: 'varchar', length: MAINTENANCE_LIMITS.comment, nullable: true })
  comment: string | null;

  @Column({ type: 'bigint', transformer: epochMsTransformer })
  createdAt: Date;
}
