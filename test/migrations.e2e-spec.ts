import { DataSource, DataSourceOptions } from 'typeorm';
import { MAINTENANCE_ENTITIES, MaintenanceApproval, MaintenanceAuditLog, MaintenanceLock, MaintenanceWindow } from '../lib/persistence/entities';
import { MAINTENANCE_MIGRATIONS } from '../lib/persistence/migrations';
import { databaseName, resetTestDatabase, testDatabaseKind, testDatabaseOptions } from './utils/test-database';

const NAME = 'migrations';
const kind = testDatabaseKind();

/** testDatabaseOptions is made for TypeOrmModule; these keys mean nothing to a plain DataSource. */
function dataSourceOptions(): DataSourceOptions {
  const {
    name: _name,
    autoLoadEntities: _autoLoadEntities,
    retryAttempts: _retryAttempts,
    retryDelay: _retryDelay,
    toRetry: _toRetry,
    verboseRetryLog: _verboseRetryLog,
    manualInitialization: _manualInitialization,
    ...options
  } = testDatabaseOptions(NAME, {
    synchronize: false,
    autoLoadEntities: undefined,
    entities: MAINTENANCE_ENTITIES,
    migrations: MAINTENANCE_MIGRATIONS,
  });
  return options as DataSourceOptions;
}

/** What the entities would still change in the database; empty when the migrations built the same schema. */
async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}

/** Every table (and, on Postgres, sequence) in the test's own database, schema or file. */
async function schemaObjects(dataSource: DataSource): Promise<string[]> {
  const rows = async (sql: string, parameters: unknown[] = []) => (await dataSource.query<{ name: string }[]>(sql, parameters)).map((row) => row.name).sort();
  switch (kind) {
    case 'sqlite':
      // Tables, indexes and triggers; sqlite_* are SQLite's own (sqlite_sequence backs AUTOINCREMENT).
      return rows(`SELECT type || ' ' || name AS name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`);
    case 'postgres':
      // A SERIAL column's sequence would outlive a table dropped the wrong way, so sequences count too.
      return rows(
        `SELECT 'table ' || table_name AS name FROM information_schema.tables WHERE table_schema = $1
         UNION ALL SELECT 'sequence ' || sequence_name FROM information_schema.sequences WHERE sequence_schema = $1`,
        [databaseName(NAME)],
      );
    case 'mariadb':
      return rows(`SELECT CONCAT('table ', table_name) AS name FROM information_schema.tables WHERE table_schema = DATABASE()`);
  }
}

/** What is left after every migration is reverted: TypeORM's own bookkeeping only. */
function onlyMigrationsTable(): string[] {
  switch (kind) {
    case 'sqlite':
      return ['table migrations'];
    case 'postgres':
      return ['sequence migrations_id_seq', 'table migrations'];
    case 'mariadb':
      return ['table migrations'];
  }
}

/** Rows of TypeORM's migrations table, which lives in the configured schema (no search_path is set). */
async function appliedMigrations(dataSource: DataSource): Promise<string[]> {
  const { driver } = dataSource;
  const table = driver.buildTableName('migrations', (driver.options as { schema?: string }).schema, driver.database);
  const rows = await dataSource.createQueryBuilder().select('m.name', 'name').from(table, 'm').getRawMany<{ name: string }>();
  return rows.map((row) => row.name);
}

async function revertAll(dataSource: DataSource): Promise<void> {
  // One undo per applied migration; the bound stops a broken down() from looping forever.
  for (let i = 0; i <= MAINTENANCE_MIGRATIONS.length; i++) {
    if ((await appliedMigrations(dataSource)).length === 0) return;
    await dataSource.undoLastMigration();
  }
  throw new Error('Migrations are still recorded as applied after undoing each of them');
}

describe(`MAINTENANCE_MIGRATIONS on ${kind}`, () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    await resetTestDatabase(NAME);
    dataSource = await new DataSource(dataSourceOptions()).initialize();
  });
  afterAll(() => dataSource?.destroy());

  it('creates exactly the schema the entities declare, with the lock row', async () => {
    const applied = await dataSource.runMigrations();
    expect(applied.map((migration) => migration.name)).toEqual(MAINTENANCE_MIGRATIONS.map((migration) => migration.name));

    const pending = await pendingSchemaChanges(dataSource);
    if (pending.length > 0) throw new Error(`The schema builder still wants to run:\n${pending.join(';\n')}`);

    await expect(dataSource.getRepository(MaintenanceLock).findOneBy({ name: 'maintenance' })).resolves.toEqual({ name: 'maintenance', version: 0 });
  });

  it('gives a schema the entities work on: millisecond times, defaults, auto-increment, cascade', async () => {
    const windows = dataSource.getRepository(MaintenanceWindow);
    const startsAt = new Date('2026-03-04T05:06:07.891Z');
    // Past 2038 and past 2^32 seconds: the column must really be 64-bit.
    const endsAt = new Date('2150-12-31T23:59:59.999Z');
    await windows.insert({
      id: '00000000-0000-4000-8000-000000000001',
      mode: 'full',
      status: 'pending',
      reason: 'database upgrade',
      message: null,
      startsAt,
      endsAt,
      endedAt: null,
      requestedBy: 'alice',
      closedBy: null,
      createdAt: startsAt,
      updatedAt: startsAt,
    });
    const window = await windows.findOneByOrFail({ id: '00000000-0000-4000-8000-000000000001' });
    expect(window.startsAt.getTime()).toBe(startsAt.getTime());
    expect(window.endsAt?.getTime()).toBe(endsAt.getTime());
    expect(window.endedAt).toBeNull();
    expect(window.emergency).toBe(false);

    const audit = dataSource.getRepository(MaintenanceAuditLog);
    const entry = { action: 'requested', actor: 'alice', source: 'api', createdAt: startsAt, hash: 'h' } as const;
    const first = await audit.save(audit.create(entry));
    const second = await audit.save(audit.create({ ...entry, prevHash: 'h', hash: 'h2' }));
    expect(second.id).toBeGreaterThan(first.id);

    const approvals = dataSource.getRepository(MaintenanceApproval);
    const approval = { windowId: window.id, approver: 'bob', decision: 'approve', comment: null, createdAt: startsAt } as const;
    await approvals.insert({ id: '00000000-0000-4000-8000-0000000000a1', ...approval });
    // The unique index stops a second vote by the same approver.
    await expect(approvals.insert({ id: '00000000-0000-4000-8000-0000000000a2', ...approval })).rejects.toThrow();
    // ON DELETE CASCADE: deleting the window deletes its approvals.
    await windows.delete({ id: window.id });
    await expect(approvals.count()).resolves.toBe(0);
  });

  it('reverts to an empty schema', async () => {
    await revertAll(dataSource);
    await expect(schemaObjects(dataSource)).resolves.toEqual(onlyMigrationsTable());
  });

  it('adopts tables an earlier synchronize created, adding only the lock row', async () => {
    await dataSource.synchronize();
    await expect(dataSource.getRepository(MaintenanceLock).count()).resolves.toBe(0);

    await dataSource.runMigrations();
    await expect(dataSource.getRepository(MaintenanceLock).findOneBy({ name: 'maintenance' })).resolves.toEqual({ name: 'maintenance', version: 0 });
    await expect(pendingSchemaChanges(dataSource)).resolves.toEqual([]);

    await revertAll(dataSource);
    await expect(schemaObjects(dataSource)).resolves.toEqual(onlyMigrationsTable());
  });
});
