import request from 'supertest';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { MaintenanceAuditLog, MaintenanceModuleOptions, MaintenanceWindow } from '../lib';
import { createTestApp, TEST_ADMIN, TestApp } from './utils/create-test-app';
import { untilStatus } from './utils/eventually';
import { TcpProxy } from './utils/tcp-proxy';
import { POSTGRES, sqliteFile, testDatabaseKind } from './utils/test-database';

const kind = testDatabaseKind();
const admin = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How the database "goes down" for the app: on Postgres and MariaDB a TCP proxy between the app and
 * the real server is cut; an embedded SQLite file cannot be unplugged, so its DataSource is closed.
 */
interface Outage {
  typeorm: Record<string, unknown>;
  down(app: TestApp): Promise<void>;
  up(app: TestApp): Promise<void>;
  dispose(): Promise<void>;
}

async function outage(): Promise<Outage> {
  if (kind === 'sqlite') {
    const database = sqliteFile('faults');
    const dataSource = (t: TestApp) => t.app.get<DataSource>(getDataSourceToken());
    return {
      typeorm: { database },
      down: async (t) => dataSource(t).destroy(),
      up: async (t) => {
        if (!dataSource(t).isInitialized) await dataSource(t).initialize();
      },
      dispose: async () => undefined,
    };
  }
  const proxy = await new TcpProxy(kind === 'postgres' ? POSTGRES.port : 3306).start();
  return {
    typeorm: { port: proxy.port, ...(kind === 'mariadb' ? { connectTimeout: 2000 } : { connectTimeoutMS: 2000 }) },
    down: () => proxy.cut(),
    up: async (t) => {
      await proxy.restore();
      const dataSource = t.app.get<DataSource>(getDataSourceToken());
      if (!dataSource.isInitialized) await dataSource.initialize();
    },
    dispose: () => proxy.stop(),
  };
}

describe(`database outages on ${kind}`, () => {
  let cut: Outage;
  beforeEach(async () => {
    cut = await outage();
  });
  afterEach(() => cut.dispose());

  const boot = (maintenance: MaintenanceModuleOptions = {}, extra: Record<string, unknown> = {}, keepDatabase = false) =>
    createTestApp({
      adapter: 'express',
      database: 'faults',
      keepDatabase,
      maintenance: { admin: TEST_ADMIN, refreshIntervalMs: 100, ...maintenance },
      typeorm: { ...cut.typeorm, ...extra },
    });

  it('keeps answering from the last known state, refuses admin writes with 503, and recovers without a restart', async () => {
    const t = await boot();
    try {
      await request(t.server()).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'read-only', reason: 'before outage' }).expect(200);
      await cut.down(t);
      await sleep(300); // several failed reloads
      const started = Date.now();
      await request(t.server()).get('/items').expect(200);
      await request(t.server()).post('/items').expect(403);
      await request(t.server())
        .get('/maintenance/status')
        .expect(200, /read-only/);
      expect(Date.now() - started).toBeLessThan(2000);
      const write = await request(t.server()).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'off', reason: 'during outage' }).expect(503);
      expect(write.body.message).toMatch(/database is unavailable/);
      await request(t.server()).get('/maintenance/windows').set(admin('alice')).expect(503);
      await request(t.server()).get('/maintenance/audit').set(admin('alice')).expect(503);
      await request(t.server()).post('/items').expect(403);

      await cut.up(t);
      await request(t.server()).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'off', reason: 'after outage' }).expect(200);
      await request(t.server()).post('/items').expect(201);
    } finally {
      await t.app.close();
    }
  });

  it.each([
    ['closed', 503],
    ['open', 200],
  ] as const)('follows failMode %s when it starts while the database is down', async (failMode, expected) => {
    // manualInitialization lets the app start without a database, as retrying hosts do.
    const t = await boot({ failMode }, { manualInitialization: true });
    try {
      await request(t.server()).get('/items').expect(expected);
      await request(t.server()).get('/health').expect(200);
      await cut.up(t);
      await untilStatus(async () => request(t.server()).get('/items'), 200);
    } finally {
      await t.app.close();
    }
  });

  it('completes, on restart, a window that ended while no instance ran', async () => {
    const first = await boot({ approvals: { required: 0 } });
    // Long enough for the request and the 503 below to come first on a slow machine.
    const endsAt = new Date(Date.now() + 2000);
    let id: string;
    try {
      ({ id } = await first.maintenance.requestWindow({ mode: 'full', reason: 'crash test', endsAt }, { actor: 'alice' }));
      await request(first.server()).get('/items').expect(503);
    } finally {
      await first.app.close();
    }
    await sleep(endsAt.getTime() - Date.now() + 100);
    const second = await boot({ approvals: { required: 0 } }, {}, true);
    try {
      await request(second.server()).get('/items').expect(200);
      const dataSource = second.app.get<DataSource>(getDataSourceToken());
      const window = await dataSource.getRepository(MaintenanceWindow).findOneByOrFail({ id });
      expect(window).toMatchObject({ status: 'completed', endedAt: endsAt });
      const actions = (await dataSource.getRepository(MaintenanceAuditLog).find({ where: { windowId: id }, order: { id: 'ASC' } })).map((e) => e.action);
      expect(actions).toEqual(['requested', 'activated', 'completed']);
    } finally {
      await second.app.close();
    }
  });
});
