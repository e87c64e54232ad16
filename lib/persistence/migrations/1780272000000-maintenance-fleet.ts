import { MigrationInterface, QueryRunner, Table } from 'typeorm';

// History, like the first migration: every column spelled out, no imports that a refactor could change.
const INSTANCES = 'maintenance_instances';

/**
 * Adds the table in which each running instance records its heartbeat (the state version it enforces, the mode
 * in force there, what it still drains): what `nestjs-maintenance on --wait` and `GET /maintenance/fleet` read.
 * Idempotent, like the first migration, for apps that created it with `synchronize: true` before.
 */
export class MaintenanceFleet1780272000000 implements MigrationInterface {
  name = 'MaintenanceFleet1780272000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: INSTANCES,
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200', isNullable: false },
          { name: 'stateVersion', type: 'integer', isNullable: false },
          { name: 'mode', type: 'varchar', length: '16', isNullable: false },
          { name: 'drained', type: 'boolean', isNullable: false },
          { name: 'draining', type: 'text', isNullable: true },
          { name: 'startedAt', type: 'bigint', isNullable: false },
          { name: 'seenAt', type: 'bigint', isNullable: false },
          { name: 'expiresAt', type: 'bigint', isNullable: false },
        ],
        indices: [{ name: 'IDX_maintenance_instances_expires', columnNames: ['expiresAt'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(INSTANCES, true);
  }
}
