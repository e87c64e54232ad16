import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MaintenanceAuditAction } from '../../interfaces/maintenance-mode.type';
import { epochMsTransformer } from './epoch-ms.transformer';
import { MAINTENANCE_LIMITS } from '../../maintenance.limits';

/**
 * One audit entry. Entries are only ever appended; `hash` chains each entry to the one before.
 * @publicApi
 */
@Entity('maintenance_audit_log')
@Index('IDX_maintenance_audit_created', ['createdAt'])
@Index('IDX_maintenance_audit_action', ['action', 'id'])
@Index('IDX_maintenance_audit_actor', ['actor', 'id'])
@Index('IDX_maintenance_audit_window', ['windowId', 'id'])
export class MaintenanceAuditLog {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32 })
  action: MaintenanceAuditAction;

  @Column({ type: 'varchar', length: MAINTENANCE_LIMITS.actor })
  actor: string;

  /** Where the change came from: `api`, `service`, `cli` or `system` (clock-driven transitions). */
  @Column({ type: 'varchar', length: 16 })
  source: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  windowId: string | null;

  /** A window's reason or a decision's comment, whichever the entry records: the longer limit. */
  @Column({ type: 'varchar', length: Math.max(MAINTENANCE_LIMITS.reason, MAINTENANCE_LIMITS.comment), nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  userAgent: string | null;

  /** JSON of the effective state before the change. */
  @Column({ type: 'text', nullable: true })
  stateBefore: string | null;

  /** JSON of the effective state after the change. */
  @Column({ type: 'text', nullable: true })
  stateAfter: string | null;

  /** JSON of action-specific details (window snapshot, approval counts). */
  @Column({ type: 'text', nullable: true })
  details: string | null;

  @Column({ type: 'bigint', transformer: epochMsTransformer })
  createdAt: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  prevHash: string | null;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
