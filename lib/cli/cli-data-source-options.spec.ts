import { DataSourceOptions } from 'typeorm';
import { MAINTENANCE_ENTITIES } from '../persistence/entities';
import { cliDataSourceOptions } from './cli-data-source-options';
import { CliUsageError } from './cli-errors';

describe('cliDataSourceOptions', () => {
  const app = {
    type: 'better-sqlite3',
    database: '/data/app.sqlite',
    entities: ['src/**/*.entity.ts'],
    migrations: ['src/migrations/*.ts'],
    synchronize: true,
    migrationsRun: true,
    dropSchema: true,
    logging: true,
    timeout: 2_000,
  } as DataSourceOptions;

  it('never touches the schema and loads only the module entities', () => {
    expect(cliDataSourceOptions(app)).toMatchObject({
      database: '/data/app.sqlite',
      entities: MAINTENANCE_ENTITIES,
      migrations: [],
      synchronize: false,
      migrationsRun: false,
      dropSchema: false,
      logging: false,
    });
  });

  it('shares a SQLite file safely: existing file, WAL, busy timeout', () => {
    expect(cliDataSourceOptions(app)).toMatchObject({ enableWAL: true, fileMustExist: true, timeout: 10_000 });
    expect(cliDataSourceOptions({ ...app, timeout: 30_000 } as DataSourceOptions)).toMatchObject({ timeout: 30_000 });
  });

  it('bounds the wait for a database server', () => {
    expect(cliDataSourceOptions({ type: 'postgres', url: 'postgres://db/app' })).toMatchObject({ connectTimeoutMS: 10_000 });
    expect(cliDataSourceOptions({ type: 'mariadb', url: 'mariadb://db/app' })).toMatchObject({ connectTimeout: 10_000 });
  });

  it('refuses sql.js, whose file another process cannot share', () => {
    expect(() => cliDataSourceOptions({ type: 'sqljs' })).toThrow(CliUsageError);
  });
});
