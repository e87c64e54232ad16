import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './epoch-ms.transformer';

/** What a running instance still drains after a switch (stored as JSON in `draining`). @publicApi */
export interface MaintenanceDrainReport {
  /** Requests with an unsafe method admitted before the switch and not finished yet. */
  requests: number;
  /** Paused work still running: one line per handler, worker or hook, e.g. `cron ReportsJob.sendDigest`. */
  work: string[];
}

/**
 * One running app instance, as its last heartbeat described it: the state version it enforces, the mode in force
 * there, and whether the work that was running when the mode switched has finished. `nestjs-maintenance on --wait`
 * and `GET /maintenance/fleet` read these rows; an instance deletes its own row when it shuts down, and rows not
 * seen for long are forgotten.
 * @publicApi
 */
@Entity('maintenance_instances')
@Index('IDX_maintenance_instances_expires', ['expiresAt'])
export class MaintenanceInstance {
  /** Random per process start. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Host name and process id, or `fleet.instanceName`. */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The version of the maintenance state (the lock row's) this instance read last and enforces. */
  @Column({ type: 'int' })
  stateVersion: number;

  /** The mode in force on this instance: `off`, `read-only` or `full`. */
  @Column({ type: 'varchar', length: 16 })
  mode: string;

  /** Nothing admitted before the last switch is still running. */
  @Column({ type: 'boolean' })
  drained: boolean;

  /** JSON `MaintenanceDrainReport` while not drained, otherwise null. */
  @Column({ type: 'text', nullable: true })
  draining: string | null;

  @Column({ type: 'bigint', transformer: epochMsTransformer })
  startedAt: Date;

  /** When the instance last wrote this row. */
  @Column({ type: 'bigint', transformer: epochMsTransformer })
  seenAt: Date;

  /**
   * When the instance counts as dead unless it writes again: a few of its heartbeat intervals after `seenAt`.
   * Each instance sets it from its own interval, so readers (the CLI) need not know the app's options.
   */
  @Column({ type: 'bigint', transformer: epochMsTransformer })
  expiresAt: Date;
}
