import { DataSourceOptions } from 'typeorm';
import { MAINTENANCE_DATABASE_URL_ENV } from './cli.constants';
import { CliUsageError } from './cli-errors';
import { loadDataSourceFile } from './data-source-file';
import { dataSourceOptionsFromUrl } from './database-url';

/** The connection flags of the command line. */
export interface ConnectionFlags {
  /** `-d, --data-source <file>` */
  dataSource?: string;
  /** `--url <url>` */
  url?: string;
}

/**
 * Where the database is, from `-d`, then `--url`, then `MAINTENANCE_DATABASE_URL`. An explicit flag wins
 * over the environment, so a shell that exports the URL can still point one command elsewhere.
 * @throws CliUsageError when both flags or neither source is given.
 */
export async function resolveConnectionOptions(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Promise<DataSourceOptions> {
  if (flags.dataSource && flags.url) throw new CliUsageError('Use either -d <data-source file> or --url <url>, not both.');
  if (flags.dataSource) return loadDataSourceFile(flags.dataSource);
  const url = flags.url ?? env[MAINTENANCE_DATABASE_URL_ENV];
  if (url) return dataSourceOptionsFromUrl(url);
  throw new CliUsageError(`Say which database to use: -d <data-source.js>, --url <url> or the ${MAINTENANCE_DATABASE_URL_ENV} environment variable.`);
}
