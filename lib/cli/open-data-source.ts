import { DataSource, DataSourceOptions } from 'typeorm';
import { MAINTENANCE_CORE_ENTITIES } from '../persistence/core-entities';
import { cliDataSourceOptions } from './cli-data-source-options';
import { CliRefusal } from './cli-errors';

/**
 * Connects with the CLI-safe options and checks that every maintenance table can be read. Connecting
 * here, before Nest starts, turns an unreachable database into one clear message instead of connection
 * retries; reading the tables first stops the CLI from reporting "off" from a database that has no
 * maintenance schema at all.
 * @throws CliRefusal when the database cannot be reached or the tables are missing.
 */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource(cliDataSourceOptions(options));
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new CliRefusal(`Cannot connect to the ${describeTarget(options)}: ${(error as Error).message}`);
  }
  try {
    for (const entity of MAINTENANCE_CORE_ENTITIES) {
      await dataSource.getRepository(entity).createQueryBuilder('t').select('1', 'one').limit(1).getRawMany();
    }
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw new CliRefusal(
      `The maintenance tables cannot be read: ${(error as Error).message}. The CLI never creates or changes the schema: ` +
        "run the app's migrations (or start it once with synchronize) first.",
    );
  }
  return dataSource;
}

/** Names what the CLI tried to reach; a SQLite path is safe to show, a server URL may hold a password. */
function describeTarget(options: DataSourceOptions): string {
  return options.type === 'better-sqlite3' ? `SQLite database ${options.database} (the CLI opens existing files only)` : `${options.type} database`;
}
