import { Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MAINTENANCE_MIGRATIONS, MaintenanceAuditLog } from '../lib';
import { createTestApp, TEST_ADMIN, TestApp } from './utils/create-test-app';
import { eventually } from './utils/eventually';
import { testDatabaseKind } from './utils/test-database';

const kind = testDatabaseKind();
const admin = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });
const TABLES = ['maintenance_windows', 'maintenance_approvals', 'maintenance_audit_log', 'maintenance_locks'];

/**
 * A new user follows the Quick start on an empty database without synchronize or migrations: the module
 * must say what is wrong once, at start-up, and never pass the missing tables off as a database outage.
 */
describe(`a database without the maintenance tables on ${kind}`, () => {
  let t: TestApp;
  let errors: jest.SpyInstance;
  let warnings: jest.SpyInstance;
  let infos: jest.SpyInstance;
  const logged = (spy: jest.SpyInstance) => spy.mock.calls.map((call) => String(call[0]));

  beforeAll(async () => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    infos = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    t = await createTestApp({
      adapter: 'express',
      database: 'fresh-database',
      typeorm: { synchronize: false },
      maintenance: { admin: TEST_ADMIN, refreshIntervalMs: 200 },
    });
  });
  afterAll(async () => {
    await t.app.close();
    jest.restoreAllMocks();
  });

  it('logs one error at start-up naming the tables and both fixes', async () => {
    // A few reloads later, still one message: it is not repeated every refreshIntervalMs.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const schemaErrors = logged(errors).filter((line) => line.includes('maintenance_windows'));
    expect(schemaErrors).toHaveLength(1);
    for (const table of TABLES) expect(schemaErrors[0]).toContain(table);
    expect(schemaErrors[0]).toMatch(/MAINTENANCE_MIGRATIONS/);
    expect(schemaErrors[0]).toMatch(/synchronize/);
    const misleading = [...logged(errors), ...logged(warnings)].filter((line) => /unavailable|Cannot read the maintenance state|lock row/i.test(line));
    expect(misleading).toEqual([]);
  });

  it('serves the app, and answers admin calls with the missing tables, not as an outage', async () => {
    await request(t.server()).get('/items').expect(200);
    const toggle = await request(t.server()).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'full', reason: 'first hour' });
    expect(toggle.status).toBe(500);
    expect(toggle.body.message).toMatch(/maintenance tables/);
    expect(toggle.body.message).not.toMatch(/unavailable/);
    const list = await request(t.server()).get('/maintenance/windows').set(admin('alice'));
    expect(list.status).toBe(500);
    expect(list.body.message).toMatch(/maintenance tables/);
  });

  it('works without a restart once the migrations have run, and says so', async () => {
    // What `typeorm migration:run` does, from a DataSource of its own on the same database.
    const options = t.app.get<DataSource>(getDataSourceToken()).options;
    const migrator = new DataSource({ ...options, entities: [], migrations: MAINTENANCE_MIGRATIONS });
    await migrator.initialize();
    await migrator.runMigrations();
    await migrator.destroy();
    await request(t.server()).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'full', reason: 'now it works' }).expect(200);
    await request(t.server()).get('/items').expect(503);
    const recovered = await eventually(
      async () => logged(infos).filter((line) => /tables are there/.test(line)),
      (lines) => lines.length > 0,
    );
    expect(recovered).toHaveLength(1);
  });
});

describe(`a DataSource that does not list the maintenance entities on ${kind}`, () => {
  it('says at start-up how to register them, and admin calls answer 500 naming the tables, not an outage', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const t = await createTestApp({
      adapter: 'express',
      database: 'no-entities',
      typeorm: { autoLoadEntities: false, entities: [] },
      maintenance: { admin: TEST_ADMIN },
    });
    try {
      const lines = errors.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('MAINTENANCE_ENTITIES'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/autoLoadEntities: true/);
      await request(t.server()).get('/items').expect(200);
      const toggle = await request(t.server()).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'full', reason: 'x' });
      expect(toggle.status).toBe(500);
      expect(toggle.body.message).toMatch(/maintenance tables/);
    } finally {
      await t.app.close();
      errors.mockRestore();
    }
  });
});

describe(`tables from an older version, without a column this one maps, on ${kind}`, () => {
  it('names the table that lacks columns at start-up, and an admin call answers 500, logged with the cause', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const t = await createTestApp({ adapter: 'express', database: 'outdated-schema', maintenance: { admin: TEST_ADMIN } });
    // The schema as an older release left it: one column of the audit log missing.
    const dataSource = t.app.get<DataSource>(getDataSourceToken());
    // SQLite: the same file again (each test app otherwise gets a new one).
    const sameFile = kind === 'sqlite' ? { database: dataSource.options.database as string } : {};
    try {
      // Through the query runner: it finds the table in the test's own schema (PostgreSQL) or database.
      const queryRunner = dataSource.createQueryRunner();
      await queryRunner.dropColumn(dataSource.getMetadata(MaintenanceAuditLog).tablePath, 'details');
      await queryRunner.release();
    } finally {
      await t.app.close();
    }
    errors.mockClear();
    const again = await createTestApp({
      adapter: 'express',
      database: 'outdated-schema',
      keepDatabase: true,
      typeorm: { synchronize: false, ...sameFile },
      maintenance: { admin: TEST_ADMIN },
    });
    try {
      const lines = errors.mock.calls.map((call) => String(call[0]));
      const startup = lines.filter((line) => line.includes('lacks columns'));
      expect(startup).toHaveLength(1);
      expect(startup[0]).toContain('maintenance_audit_log');
      expect(startup[0]).not.toContain('maintenance_windows');
      const toggle = await request(again.server()).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'full', reason: 'x' });
      expect(toggle.status).toBe(500);
      expect(errors.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('answered 500'))).toHaveLength(1);
    } finally {
      await again.app.close();
      errors.mockRestore();
    }
  });
});
