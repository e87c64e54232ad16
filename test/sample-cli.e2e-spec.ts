import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { MAINTENANCE_ENTITIES, MAINTENANCE_MIGRATIONS } from '../lib';
import { sqliteFile } from './utils/test-database';

const ROOT = join(__dirname, '..');
const STAMP = join(ROOT, 'sample-app', 'dist', '.build-stamp');
const run = promisify(execFile);

/**
 * `npm run maintenance -- …` as the README shows it: the sample app's CLI, which used to recompile the sample
 * app on every call. It builds once, then reuses the build while no source changed.
 */
describe("npm run maintenance (the sample app's CLI)", () => {
  jest.setTimeout(120_000);
  const database = sqliteFile('sample-cli');
  const maintenance = (...args: string[]) =>
    run('npm', ['run', '--silent', 'maintenance', '--', ...args], { cwd: ROOT, env: { ...process.env, SAMPLE_DATABASE: database } });

  beforeAll(async () => {
    const dataSource = new DataSource({ type: 'better-sqlite3', database, entities: MAINTENANCE_ENTITIES, migrations: MAINTENANCE_MIGRATIONS });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.destroy();
  });

  it('switches maintenance on and off, and compiles nothing while the sources are unchanged', async () => {
    await maintenance('status'); // builds if this checkout has not been built yet
    const built = statSync(STAMP).mtimeMs;
    await maintenance('--actor', 'alice', 'on', '--mode', 'read-only', '--reason', 'Demo', '--for', '5m');
    const on = JSON.parse((await maintenance('status', '--json')).stdout);
    expect(on).toMatchObject({ mode: 'read-only' });
    await maintenance('--actor', 'alice', 'off', '--reason', 'Demo done');
    const off = JSON.parse((await maintenance('status', '--json')).stdout);
    expect(off).toMatchObject({ mode: 'off' });
    expect(statSync(STAMP).mtimeMs).toBe(built);
  });
});
