import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

// This migration is history: it must keep creating the schema of version 1 even after the entities move
// on (a later change gets a migration of its own). So it spells every table out instead of deriving them
// from the entity metadata, and it does not import constants that a refactor could change.
const WINDOWS = 'maintenance_windows';
const APPROVALS = 'maintenance_approvals';
const AUDIT = 'maintenance_audit_log';
const LOCKS = 'maintenance_locks';
/** The row TypeOrmMaintenanceRepository updates at the start of every write (MAINTENANCE_LOCK_NAME). */
const LOCK_ROW = 'maintenance';

const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
// Times are epoch milliseconds (see epochMsTransformer): a BIGINT means the same on every driver.
const epochMs = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable });

/**
 * Creates the module's four tables, their indexes and the approvals → windows foreign key, and inserts the
 * lock row. Written with TypeORM's schema API so one definition yields each driver's own DDL (SERIAL on
 * Postgres, AUTO_INCREMENT on MySQL/MariaDB, AUTOINCREMENT on SQLite); only the boolean default differs.
 *
 * Idempotent on purpose: an app that ran with `synchronize: true` before and switches to migrations
 * already has these tables (with the same shape); they are kept, and the lock row is added only if missing.
 */
export class MaintenanceInit1767225600000 implements MigrationInterface {
  name = 'MaintenanceInit1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The schema builder compares defaults in each driver's own spelling: Postgres keeps `false` for a
    // boolean column, MySQL/MariaDB (tinyint) and SQLite keep `0`. Anything else would show as a change.
    const falseDefault = queryRunner.connection.driver.options.type === 'postgres' ? 'false' : '0';

    await queryRunner.createTable(
      new Table({
        name: WINDOWS,
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('mode', 16),
          varchar('status', 16),
          varchar('reason', 500),
          varchar('message', 2000, true),
          { name: 'emergency', type: 'boolean', isNullable: false, default: falseDefault },
          epochMs('startsAt'),
          epochMs('endsAt', true),
          epochMs('endedAt', true),
          varchar('requestedBy', 200),
          varchar('closedBy', 200, true),
          epochMs('createdAt'),
          epochMs('updatedAt'),
        ],
        indices: [
          { name: 'IDX_maintenance_windows_status_starts', columnNames: ['status', 'startsAt'] },
          { name: 'IDX_maintenance_windows_created', columnNames: ['createdAt', 'id'] },
        ],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: APPROVALS,
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('windowId', 36),
          varchar('approver', 200),
          varchar('decision', 16),
          varchar('comment', 1000, true),
          epochMs('createdAt'),
        ],
        indices: [{ name: 'UQ_maintenance_approvals_window_approver', columnNames: ['windowId', 'approver'], isUnique: true }],
        // No name: TypeORM derives it from the naming strategy exactly as it does for the entity's
        // @ManyToOne, so the schema builder sees the same constraint. `onUpdate` is spelled out because
        // the entity means NO ACTION, while MySQL/MariaDB record RESTRICT when the clause is left out.
        foreignKeys: [
          {
            columnNames: ['windowId'],
            referencedTableName: WINDOWS,
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: AUDIT,
        columns: [
          // `integer`, not `int`: SQLite needs it for AUTOINCREMENT and reports `int` as a different type.
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          varchar('action', 32),
          varchar('actor', 200),
          varchar('source', 16),
          varchar('windowId', 36, true),
          varchar('reason', 1000, true),
          varchar('ip', 64, true),
          varchar('userAgent', 500, true),
          { name: 'stateBefore', type: 'text', isNullable: true },
          { name: 'stateAfter', type: 'text', isNullable: true },
          { name: 'details', type: 'text', isNullable: true },
          epochMs('createdAt'),
          varchar('prevHash', 64, true),
          varchar('hash', 64),
        ],
        indices: [
          { name: 'IDX_maintenance_audit_created', columnNames: ['createdAt'] },
          { name: 'IDX_maintenance_audit_action', columnNames: ['action', 'id'] },
          { name: 'IDX_maintenance_audit_actor', columnNames: ['actor', 'id'] },
          { name: 'IDX_maintenance_audit_window', columnNames: ['windowId', 'id'] },
        ],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: LOCKS,
        columns: [
          { ...varchar('name', 64), isPrimary: true },
          { name: 'version', type: 'integer', isNullable: false, default: '0' },
        ],
      }),
      true,
    );

    // Without this row every maintenance write would first have to create it (TypeOrmMaintenanceRepository does so
    // as a fallback); inserting it here means the first write of a fresh install takes the normal path.
    // The query builder qualifies the table with the configured schema/database like TypeORM's own
    // migrations table; raw SQL would depend on the session's search_path.
    const locks = lockTablePath(queryRunner);
    const existing = await queryRunner.manager
      .createQueryBuilder()
      .select('lock.name', 'name')
      .from(locks, 'lock')
      .where('lock.name = :name', { name: LOCK_ROW })
      .getRawOne();
    if (!existing) {
      await queryRunner.manager.createQueryBuilder().insert().into(locks, ['name', 'version']).values({ name: LOCK_ROW, version: 0 }).execute();
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Approvals first: they reference windows. dropTable also drops each table's indexes and foreign keys.
    await queryRunner.dropTable(APPROVALS, true);
    await queryRunner.dropTable(WINDOWS, true);
    await queryRunner.dropTable(AUDIT, true);
    await queryRunner.dropTable(LOCKS, true);
  }
}

function lockTablePath(queryRunner: QueryRunner): string {
  const { driver } = queryRunner.connection;
  return driver.buildTableName(LOCKS, (driver.options as { schema?: string }).schema, driver.database);
}
