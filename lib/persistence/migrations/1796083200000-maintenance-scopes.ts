import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

// History, like the first migration: every column spelled out, no imports that a refactor could change.
const WINDOWS = 'maintenance_windows';
const COLUMNS = [
  new TableColumn({ name: 'scope', type: 'varchar', length: '64', isNullable: true }),
  new TableColumn({ name: 'exemptions', type: 'text', isNullable: true }),
  new TableColumn({ name: 'recurrence', type: 'text', isNullable: true }),
];

/**
 * Adds to windows what scoped, exempting and recurring windows need: the scope's name, the window's own
 * exemptions and its recurrence (both JSON in TEXT). Existing windows keep covering the whole app, once.
 * Idempotent, like the others, for apps that added the columns with `synchronize: true` before.
 */
export class MaintenanceScopes1796083200000 implements MigrationInterface {
  name = 'MaintenanceScopes1796083200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = await queryRunner.getTable(WINDOWS);
    const missing = COLUMNS.filter((column) => !table?.findColumnByName(column.name));
    if (missing.length > 0) await queryRunner.addColumns(WINDOWS, missing);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = await queryRunner.getTable(WINDOWS);
    const present = COLUMNS.filter((column) => table?.findColumnByName(column.name));
    if (present.length > 0) await queryRunner.dropColumns(WINDOWS, present);
  }
}
