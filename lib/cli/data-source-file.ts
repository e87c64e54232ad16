import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataSource, DataSourceOptions, InstanceChecker } from 'typeorm';
import { CliUsageError } from './cli-errors';

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

/**
 * Reads the options of the DataSource a file exports, as TypeORM's own CLI does with `-d`: a `.js`
 * (CommonJS or ESM) file exporting one `DataSource` instance as its default or a named export. Only the
 * options are kept; the CLI builds its own connection from them and never initialises the app's.
 * @throws CliUsageError when the file is missing, cannot be loaded or exports no single DataSource.
 */
export async function loadDataSourceFile(path: string, cwd: string = process.cwd()): Promise<DataSourceOptions> {
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw new CliUsageError(`The data source file ${file} does not exist.`);
  let exported: Record<string, unknown>;
  try {
    // A real dynamic import (TypeScript keeps it in CommonJS output), so ESM data source files load too.
    exported = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliUsageError(loadFailure(file, error as Error));
  }
  const found = dataSourcesIn(exported);
  if (found.length === 0) {
    throw new CliUsageError(`${file} does not export a TypeORM DataSource (as default or named export).`);
  }
  if (found.length > 1) {
    throw new CliUsageError(`${file} exports ${found.length} DataSources; export only the one the app uses.`);
  }
  return { ...found[0].options };
}

/** Distinct DataSources among the exports, looking one level into `default` for CommonJS modules. */
function dataSourcesIn(exported: Record<string, unknown>): DataSource[] {
  const candidates = [exported.default, ...Object.values(exported)];
  const nested = exported.default;
  if (nested && typeof nested === 'object' && !InstanceChecker.isDataSource(nested)) candidates.push(...Object.values(nested));
  // InstanceChecker recognises DataSources from another copy of typeorm too, which instanceof would not.
  return [...new Set(candidates.filter((value): value is DataSource => InstanceChecker.isDataSource(value)))];
}

function loadFailure(file: string, error: Error): string {
  if (TYPESCRIPT_EXTENSIONS.has(extname(file))) {
    return (
      `Cannot load the TypeScript data source file ${file}: this Node cannot run TypeScript (${error.message}). ` +
      'Point -d at the compiled .js file (e.g. dist/data-source.js), or use --url.'
    );
  }
  return `Cannot load the data source file ${file}: ${error.message}`;
}
