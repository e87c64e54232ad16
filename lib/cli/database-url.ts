import { isAbsolute, resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { CliUsageError } from './cli-errors';

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const SUPPORTED = 'sqlite:<file>, better-sqlite3:<file>, postgres://, postgresql://, mysql:// or mariadb://';

/**
 * TypeORM options for a database URL: `sqlite:/path/file.sqlite` (or `sqlite:relative/file.sqlite`,
 * `sqlite:///abs/file.sqlite`, `better-sqlite3:...`), `postgres://user:pass@host:5432/db`,
 * `mysql://...` or `mariadb://...`. SQLite paths are resolved against `cwd`, so errors name the real file.
 * Error messages never repeat the URL: it may hold a password.
 * @throws CliUsageError for a URL this CLI cannot use.
 */
export function dataSourceOptionsFromUrl(url: string, cwd: string = process.cwd()): DataSourceOptions {
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite':
    case 'better-sqlite3':
      return { type: 'better-sqlite3', database: sqlitePath(url.slice(scheme.length + 1), cwd) };
    case 'postgres':
    case 'postgresql':
      return { type: 'postgres', url };
    case 'mysql':
    case 'mariadb':
      return { type: scheme, url };
    default:
      throw new CliUsageError(scheme ? `Unsupported database URL scheme "${scheme}:"; use ${SUPPORTED}.` : `The database URL has no scheme; use ${SUPPORTED}.`);
  }
}

function sqlitePath(rest: string, cwd: string): string {
  // `sqlite:///abs/file` (URL style) and `sqlite:/abs/file` (TypeORM-CLI style) both mean /abs/file.
  const path = decodeURIComponent(rest.startsWith('//') ? rest.slice(2) : rest);
  if (path === '' || path === ':memory:') {
    throw new CliUsageError("A SQLite URL needs the path of the app's database file, e.g. sqlite:data/app.sqlite.");
  }
  return isAbsolute(path) ? path : resolve(cwd, path);
}
