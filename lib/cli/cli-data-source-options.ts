import { DataSourceOptions } from 'typeorm';
import { MAINTENANCE_ENTITIES } from '../persistence/entities';
import { CliUsageError } from './cli-errors';

/** How long a SQLite write waits for the app's lock before failing with "database is locked". */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;
/** How long to wait for a database server before saying it is unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The app's connection options made safe for the CLI. Whatever the app's file says, the CLI:
 * - never creates or changes the schema (`synchronize`, `migrationsRun` and `dropSchema` off);
 * - loads only the module's entities, so the app's entity files, migrations and subscribers are never
 *   imported (their globs often point at `.ts` sources) and nothing of the app starts;
 * - keeps stdout clean for `--json` (no query logging) and needs no query cache;
 * - on SQLite opens the existing file only, in WAL mode with a busy timeout, so it and a running app
 *   can share the file without "database is locked" errors.
 * @throws CliUsageError for drivers whose database another process cannot share.
 */
export function cliDataSourceOptions(options: DataSourceOptions): DataSourceOptions {
  if (options.type === 'sqljs') {
    throw new CliUsageError(
      'The app uses sql.js, which keeps its database in memory: changes made by another process are never seen by the app. ' +
        'Use better-sqlite3 (or a database server) to share maintenance state with the CLI.',
    );
  }
  if (options.type === 'mongodb') throw new CliUsageError('MongoDB is not supported by nestjs-maintenance.');
  const { name: _name, ...rest } = options as DataSourceOptions & { name?: string };
  const safe = {
    ...rest,
    entities: MAINTENANCE_ENTITIES,
    migrations: [],
    subscribers: [],
    synchronize: false,
    migrationsRun: false,
    dropSchema: false,
    logging: false,
    cache: false,
  };
  switch (safe.type) {
    case 'better-sqlite3':
      return { ...safe, enableWAL: true, fileMustExist: true, timeout: Math.max(safe.timeout ?? 0, SQLITE_BUSY_TIMEOUT_MS) };
    case 'postgres':
      return { ...safe, connectTimeoutMS: safe.connectTimeoutMS ?? CONNECT_TIMEOUT_MS, applicationName: safe.applicationName ?? 'nestjs-maintenance-cli' };
    case 'mysql':
    case 'mariadb':
      return { ...safe, connectTimeout: safe.connectTimeout ?? CONNECT_TIMEOUT_MS };
    default:
      return safe;
  }
}
