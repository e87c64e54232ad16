import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A single row that every maintenance write updates first, inside its transaction. Updating it takes a
 * row lock on Postgres and MariaDB and the write lock on SQLite, so writes from any number of instances
 * (and the CLI) run one after another: no lost updates, and the audit hash chain stays linear.
 * @publicApi
 */
@Entity('maintenance_locks')
export class MaintenanceLock {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'int', default: 0 })
  version: number;
}
