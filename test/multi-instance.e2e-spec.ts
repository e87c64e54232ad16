import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { MaintenanceAuditLog, MaintenanceState, MaintenanceWindow } from '../lib';
import { eventually, untilStatus } from './utils/eventually';
import { prepareSchema } from './utils/schema';
import { spawnInstance, Instance } from './utils/spawn-instance';
import { SseClient } from './utils/sse-client';
import { databaseName, sqliteFile, testDatabaseKind } from './utils/test-database';

jest.setTimeout(60_000);

const kind = testDatabaseKind();
const NAME = 'multi-instance';
const admin = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `url` until `GET /items` (or `POST`, to see read-only mode) answers `status`, within `withinMs`. */
async function waitForStatus(url: string, status: number, withinMs: number, method: 'get' | 'post' = 'get'): Promise<void> {
  await untilStatus(async () => request(url)[method]('/items'), status, { withinMs });
}

describe(`several instances on one ${kind} database`, () => {
  const file = sqliteFile(NAME);
  let dataSource: DataSource;
  let instances: Instance[] = [];
  const start = async (env: Record<string, string>) => {
    const instance = await spawnInstance({ TEST_DB: kind, DB_NAME: databaseName(NAME), SQLITE_FILE: file, ...env });
    instances.push(instance);
    return instance;
  };

  beforeAll(async () => {
    dataSource = await prepareSchema(NAME, file);
  });
  afterEach(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    instances = [];
    // Each test starts with nothing in force, whatever the one before left behind.
    await dataSource.getRepository(MaintenanceWindow).update({ status: In(['pending', 'approved', 'active']) }, { status: 'cancelled' });
  });
  afterAll(() => dataSource.destroy());

  it('agree through polling within refreshIntervalMs', async () => {
    const [a, b] = await Promise.all([start({ REFRESH_MS: '300' }), start({ REFRESH_MS: '300' })]);
    await request(a.url).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'full', reason: 'poll' }).expect(200);
    await request(a.url).get('/items').expect(503);
    await waitForStatus(b.url, 503, 10_000);
    await request(b.url).post('/maintenance/toggle').set(admin('bob')).send({ mode: 'off', reason: 'poll' }).expect(200);
    await waitForStatus(a.url, 200, 10_000);
  });

  const channels = kind === 'postgres' ? ['redis', 'postgres'] : ['redis'];
  it.each(channels)('carry a change over the %s push channel, with polling at 60 s', async (channel) => {
    const env = { REFRESH_MS: '60000', SYNC: channel, SYNC_CHANNEL: `nm_test_${kind}_${process.pid}` };
    const [a, b] = await Promise.all([start(env), start(env)]);
    await sleep(300); // let the listeners subscribe
    await request(a.url).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'full', reason: 'push' }).expect(200);
    await waitForStatus(b.url, 503, 5000);
    await request(b.url).post('/maintenance/toggle').set(admin('bob')).send({ mode: 'off', reason: 'push' }).expect(200);
    await waitForStatus(a.url, 200, 5000);
  });

  it('tell an open live stream on one instance of a change made on another, within a second', async () => {
    const env = { REFRESH_MS: '60000', SYNC: 'redis', SYNC_CHANNEL: `nm_test_stream_${kind}_${process.pid}` };
    const [a, b] = await Promise.all([start(env), start(env)]);
    await sleep(300); // let the listeners subscribe
    const stream = await SseClient.open(`${b.url}/maintenance/stream`);
    try {
      await stream.nextState<MaintenanceState>((state) => state.mode === 'off');
      const changed = Date.now();
      await request(a.url).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'read-only', reason: 'stream', message: 'Reindexing' }).expect(200);
      const { state } = await stream.nextState<MaintenanceState>((next) => next.mode === 'read-only', 5000);
      expect(Date.now() - changed).toBeLessThan(1000);
      expect(state.message).toBe('Reindexing');
    } finally {
      stream.close();
    }
  });

  it('measure the propagation lag of a pushed change in the metrics of the instance that heard it', async () => {
    const env = { REFRESH_MS: '60000', SYNC: 'redis', SYNC_CHANNEL: `nm_test_lag_${kind}_${process.pid}`, METRICS: '1' };
    const [a, b] = await Promise.all([start(env), start(env)]);
    await sleep(300); // let the listeners subscribe
    await request(a.url).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'full', reason: 'lag' }).expect(200);
    await waitForStatus(b.url, 503, 5000);
    const scraped = await eventually(
      async () => (await request(b.url).get('/metrics').expect(200)).text,
      (text) => /^maintenance_propagation_lag_seconds_count 1$/m.test(text),
    );
    expect(scraped).toMatch(/^maintenance_propagation_lag_seconds_count 1$/m);
    expect(scraped).toMatch(/^maintenance_mode\{scope="",mode="full",planned="false"\} 1$/m);
  });

  if (kind === 'postgres') {
    it('recover the PostgreSQL channel after its connection is killed', async () => {
      const env = { REFRESH_MS: '60000', SYNC: 'postgres' };
      const [a, b] = await Promise.all([start(env), start(env)]);
      await sleep(300);
      const killed = await dataSource.query(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
      );
      expect(killed.length).toBeGreaterThanOrEqual(2);
      await sleep(2000); // the channel reconnects (0.5 s, then 1 s)
      await request(a.url).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'read-only', reason: 'after reconnect' }).expect(200);
      await request(b.url)
        .post('/items')
        .expect((res) => expect([201, 403]).toContain(res.status));
      await waitForStatus(b.url, 403, 5000, 'post');
      await request(a.url).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'off', reason: 'done' }).expect(200);
    });
  }

  it('hear of a CLI change over the push channel at once', async () => {
    // Both sides use the default channel name.
    const app = await start({ REFRESH_MS: '60000', SYNC: 'redis' });
    await sleep(300);
    const cli = (args: string[]) =>
      execFileSync(
        process.execPath,
        [join(__dirname, '..', 'dist', 'cli', 'main.js'), '-d', dataSourceFile(file), '--sync', 'redis://127.0.0.1:6379', '--actor', 'deployer', ...args],
        {
          env: { ...process.env, MAINTENANCE_SYNC: undefined },
          encoding: 'utf8',
          timeout: 30_000, // a hung CLI would otherwise block Jest's own timeout too
        },
      );
    cli(['on', '--reason', 'deploy']);
    await waitForStatus(app.url, 503, 5000);
    cli(['off', '--reason', 'deployed']);
    await waitForStatus(app.url, 200, 5000);
  });

  it('record automatic activation and completion exactly once', async () => {
    const [a, b, c] = await Promise.all([start({ REFRESH_MS: '150' }), start({ REFRESH_MS: '150' }), start({ REFRESH_MS: '150' })]);
    // Far enough ahead for three fresh processes to take the request and the approval first.
    const startsAt = new Date(Date.now() + 3000);
    const endsAt = new Date(startsAt.getTime() + 1000);
    const { body } = await request(a.url)
      .post('/maintenance/windows')
      .set(admin('alice'))
      .send({ mode: 'full', reason: 'once', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() })
      .expect(201);
    await request(b.url).post(`/maintenance/windows/${body.id}/approve`).set(admin('bob')).send({}).expect(200);
    await sleep(startsAt.getTime() - Date.now() + 150);
    await Promise.all([a, b, c].map((instance) => waitForStatus(instance.url, 503, 5000)));
    await sleep(endsAt.getTime() - Date.now() + 150);
    await Promise.all([a, b, c].map((instance) => waitForStatus(instance.url, 200, 5000)));
    const recorded = () => dataSource.getRepository(MaintenanceAuditLog).find({ where: { windowId: body.id }, order: { id: 'ASC' } });
    await eventually(recorded, (entries) => entries.some((entry) => entry.action === 'completed'));
    await sleep(450); // three reloads of each instance: time enough for a second, wrong, record to show
    const entries = await recorded();
    expect(entries.map((entry) => entry.action)).toEqual(['requested', 'approved', 'activated', 'completed']);
  });

  it('keep the audit chain intact under 50 concurrent appends from two processes', async () => {
    const [a, b] = await Promise.all([start({ REFRESH_MS: '1000' }), start({ REFRESH_MS: '1000' })]);
    const before = await dataSource.getRepository(MaintenanceAuditLog).count();
    const requests = Array.from({ length: 50 }, (_, i) =>
      request(i % 2 ? a.url : b.url)
        .post('/maintenance/windows')
        .set(admin(`user${i}`))
        .send({ mode: 'read-only', reason: `concurrent ${i}`, startsAt: new Date(Date.now() + 86_400_000).toISOString() }),
    );
    const responses = await Promise.all(requests);
    expect(responses.map((res) => res.status)).toEqual(Array(50).fill(201));
    expect(await dataSource.getRepository(MaintenanceAuditLog).count()).toBe(before + 50);
    const verify = await request(a.url).get('/maintenance/audit/verify').set(admin('carol')).expect(200);
    expect(verify.body).toMatchObject({ intact: true, firstBrokenId: null });
    expect(verify.body.checked).toBe(before + 50);
  });
});

/** A TypeORM data source file for the CLI's `-d`, pointing at this test file's database. */
function dataSourceFile(sqlitePath: string): string {
  const options = {
    sqlite: { type: 'better-sqlite3', database: sqlitePath },
    postgres: { type: 'postgres', host: '127.0.0.1', port: 5432, username: 'postgres', database: 'test', schema: databaseName(NAME) },
    mariadb: { type: 'mariadb', host: '127.0.0.1', port: 3306, username: 'root', password: '', database: databaseName(NAME) },
  }[kind];
  // Inside the repository, so the file's require('typeorm') resolves.
  const dir = join(__dirname, '..', '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `cli-data-source-${kind}-${process.pid}.js`);
  writeFileSync(file, `const { DataSource } = require('typeorm');\nmodule.exports = new DataSource(${JSON.stringify(options)});\n`);
  return file;
}
