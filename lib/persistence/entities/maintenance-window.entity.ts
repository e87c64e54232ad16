import { Column, Entity, Index, OneToMany, PrimaryColumn } from 'typeorm';
import { MaintenanceMode, MaintenanceWindowStatus } from '../../interfaces/maintenance-mode.type';
import { MaintenanceRecurrence, MaintenanceWindowExemptions } from '../../interfaces/maintenance-scope.interface';
import { epochMsTransformer } from './epoch-ms.transformer';
import { jsonTextTransformer } from './json-text.transformer';
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

  /** The scope it covers (routes tagged `@MaintenanceScope()` or selected by `scopes`), or null for the whole app. */
  @Column({ type: 'varchar', length: MAINTENANCE_LIMITS.scope, nullable: true })
  scope: string | null;

  /** Who it lets through while in force, besides the module's bypasses; null for nobody. */
  @Column({ type: 'text', nullable: true, transformer: jsonTextTransformer })
  exemptions: MaintenanceWindowExemptions | null;

  /** `message` in other languages, by language tag (`{ "de": "…" }`), or null: the message as written for everyone. */
  @Column({ type: 'text', nullable: true, transformer: jsonTextTransformer })
  translations: Record<string, string> | null;

  /**
   * How it recurs, or null for a one-off window. A recurring window's `startsAt` is its first occurrence and
   * `endsAt` the end of the series; it is `active` while an occurrence is in force and `approved` between them.
   */
  @Column({ type: 'text', nullable: true, transformer: jsonTextTransformer })
  recurrence: MaintenanceRecurrence | null;

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
