import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

// History, like the first migration: every column spelled out, no imports that a refactor could change.
const WEBHOOKS = 'maintenance_webhooks';
const WINDOWS = 'maintenance_windows';
const TRANSLATIONS = new TableColumn({ name: 'translations', type: 'text', isNullable: true });

/**
 * Adds what notifications need: the table in which each webhook records how far along the audit log it has
 * delivered (the audit log is the outbox), and the windows' translated messages (JSON in TEXT). Idempotent, like the
 * others, for apps that created them with `synchronize: true` before.
 */
export class MaintenanceNotifications1798848000000 implements MigrationInterface {
  name = 'MaintenanceNotifications1798848000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: WEBHOOKS,
        columns: [
          { name: 'name', type: 'varchar', length: '191', isPrimary: true },
          { name: 'lastAuditId', type: 'integer', isNullable: false },
          { name: 'attempts', type: 'integer', isNullable: false },
          { name: 'nextAttemptAt', type: 'bigint', isNullable: true },
          { name: 'lastError', type: 'varchar', length: '500', isNullable: true },
          { name: 'failingSince', type: 'bigint', isNullable: true },
          { name: 'lastDeliveredAt', type: 'bigint', isNullable: true },
          { name: 'lockedBy', type: 'varchar', length: '36', isNullable: true },
          { name: 'lockedUntil', type: 'bigint', isNullable: true },
          { name: 'createdAt', type: 'bigint', isNullable: false },
        ],
      }),
      true,
    );
    const windows = await queryRunner.getTable(WINDOWS);
    if (!windows?.findColumnByName(TRANSLATIONS.name)) await queryRunner.addColumn(WINDOWS, TRANSLATIONS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const windows = await queryRunner.getTable(WINDOWS);
    if (windows?.findColumnByName(TRANSLATIONS.name)) await queryRunner.dropColumn(WINDOWS, TRANSLATIONS.name);
    await queryRunner.dropTable(WEBHOOKS, true);
  }
}
