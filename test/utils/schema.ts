import { DataSource, DataSourceOptions } from 'typeorm';
import { MAINTENANCE_ENTITIES } from '../../lib';
import { resetTestDatabase, testDatabaseKind, testDatabaseOptions } from './test-database';

/** Plain TypeORM options (no Nest-only keys) for the test file's own database. */
export function dataSourceOptions(name: string, extra: Record<string, unknown> = {}): DataSourceOptions {
  const { autoLoadEntities: _ignored, ...options } = testDatabaseOptions(name, extra) as Record<string, unknown>;
  return { ...options, entities: MAINTENANCE_ENTITIES } as unknown as DataSourceOptions;
}

/**
 * Empties the test file's database and creates the module's schema in it, for processes that start
 * with synchronize: false as in production. Returns an open DataSource on it (for direct SQL).
 */
export async function prepareSchema(name: string, sqliteFile?: string): Promise<DataSource> {
  await resetTestDatabase(name);
  const extra = testDatabaseKind() === 'sqlite' ? { database: sqliteFile } : {};
  const dataSource = new DataSource(dataSourceOptions(name, { ...extra, synchronize: true }));
  await dataSource.initialize();
  return dataSource;
}
