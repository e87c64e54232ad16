import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource, In } from 'typeorm';
import { MaintenanceFleetStatus, MaintenanceInstance, MaintenanceWindow } from '../lib';
import { eventually } from './utils/eventually';
import { dataSourceOptions, prepareSchema } from './utils/schema';
import { Instance, spawnInstance } from './utils/spawn-instance';
import { databaseName, sqliteFile, testDatabaseKind } from './utils/test-database';

/**
 * Background work and the fleet across real instance processes on one database: a scheduled handler and a BullMQ
 * worker (real Redis) pause and resume with the mode, the fleet drains writes and jobs in flight, and
 * `nestjs-maintenance on/off --wait` returns when, and only when, every live instance has switched.
 */
jest.setTimeout(120_000);

const kind = testDatabaseKind();
const NAME = 'fleet-jobs';
const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const BUILD = join(ROOT, '.tmp', `fleet-e2e-${process.pid}`);
const admin = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface JobsRecord {
  ticks: number;
  cronTicks: number;
  lastTickAt: number;
  processed: { id: string; started: number; ended: number }[];
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { ...process.env, MAINTENANCE_DATABASE_URL: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe(`background work and the fleet on ${kind}`, () => {
  const file = sqliteFile(NAME);
  const queueName = `nm-fleet-${kind}-${process.pid}`;
  let dataSource: DataSource;
  let queue: Queue;
  let connection: string[];
  let instances: Instance[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const instance = await spawnInstance({
      TEST_DB: kind,
      DB_NAME: databaseName(NAME),
      SQLITE_FILE: file,
      REFRESH_MS: '300',
      HEARTBEAT_MS: '300',
      JOBS: '1',
      QUEUE: queueName,
      ...env,
    });
    instances.push(instance);
    return instance;
  };
  const jobs = async (instance: Instance) => (await request(instance.url).get('/jobs').expect(200)).body as JobsRecord;
  const toggle = (instance: Instance, body: Record<string, unknown>) => request(instance.url).post('/maintenance/toggle').set(admin('ops')).send(body);

  beforeAll(async () => {
    rmSync(BUILD, { recursive: true, force: true });
    mkdirSync(BUILD, { recursive: true });
    dataSource = await prepareSchema(NAME, file);
    queue = new Queue(queueName, { connection: { host: '127.0.0.1', port: 6379 } });
    await queue.obliterate({ force: true });
    if (kind === 'sqlite') connection = ['--url', `sqlite:${file}`];
    else {
      const { entities: _entities, ...options } = dataSourceOptions(NAME) as unknown as Record<string, unknown>;
      const dataSourceFile = join(BUILD, 'data-source.js');
      writeFileSync(
        dataSourceFile,
        `const { DataSource } = require(${JSON.stringify(require.resolve('typeorm'))});\nexports.default = new DataSource(${JSON.stringify(options)});\n`,
      );
      connection = ['-d', dataSourceFile];
    }
  });
  afterEach(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    instances = [];
    await dataSource.getRepository(MaintenanceWindow).update({ status: In(['pending', 'approved', 'active']) }, { status: 'cancelled' });
    await dataSource.getRepository(MaintenanceInstance).clear();
    await queue.obliterate({ force: true });
  });
  afterAll(async () => {
    await queue?.close();
    await dataSource?.destroy();
    rmSync(BUILD, { recursive: true, force: true });
  });

  it('pauses a scheduled handler and a BullMQ worker on two instances with the mode, and loses or repeats no job', async () => {
    const [a, b] = await Promise.all([start({ INSTANCE_NAME: 'a' }), start({ INSTANCE_NAME: 'b' })]);
    await queue.addBulk(Array.from({ length: 6 }, (_, i) => ({ name: 'before', data: { n: i } })));
    await eventually(
      async () => [await jobs(a), await jobs(b)],
      ([x, y]) => x.ticks > 3 && y.ticks > 3 && x.processed.length + y.processed.length === 6,
    );

    const on = await toggle(a, { mode: 'full', reason: 'migrate', waitSeconds: 20 }).expect(200);
    expect(on.body.fleet).toMatchObject({ complete: true, status: { live: 2, current: 2, lagging: [] } });
    const pausedAt = await Promise.all([jobs(a), jobs(b)]);
    await queue.addBulk(Array.from({ length: 10 }, (_, i) => ({ name: 'during', data: { n: i } })));
    await sleep(2200);
    const stillPaused = await Promise.all([jobs(a), jobs(b)]);
    // Not one tick (of the interval or of the every-second cron) or job on either instance while full mode is in
    // force; the jobs wait in Redis.
    expect(stillPaused.map((record) => record.ticks)).toEqual(pausedAt.map((record) => record.ticks));
    expect(stillPaused.map((record) => record.cronTicks)).toEqual(pausedAt.map((record) => record.cronTicks));
    expect(stillPaused.map((record) => record.processed.length)).toEqual([3, 3].map((_, i) => pausedAt[i].processed.length));
    expect(await queue.getWaitingCount()).toBe(10);

    const off = await toggle(b, { mode: 'off', reason: 'done', waitSeconds: 20 }).expect(200);
    expect(off.body.fleet).toMatchObject({ complete: true });
    const after = await eventually(
      async () => [await jobs(a), await jobs(b)],
      ([x, y]) =>
        x.ticks > stillPaused[0].ticks &&
        y.ticks > stillPaused[1].ticks &&
        x.cronTicks > stillPaused[0].cronTicks &&
        y.cronTicks > stillPaused[1].cronTicks &&
        x.processed.length + y.processed.length === 16,
    );
    const ids = after.flatMap((record) => record.processed.map((job) => job.id));
    expect(new Set(ids).size).toBe(16); // every job once, none twice
    expect(await queue.getCompletedCount()).toBe(16);
  });

  it('reports an instance drained only once a write and a job that were running at the switch have finished', async () => {
    const [a, b] = await Promise.all([start({ INSTANCE_NAME: 'a' }), start({ INSTANCE_NAME: 'b' })]);
    await queue.add('slow', { ms: 2500 });
    await eventually(async () => (await queue.getActiveCount()) === 1, Boolean);
    const write = request(b.url)
      .post('/items/slow?ms=2000')
      .then((res) => ({ status: res.status, at: Date.now() }));
    await sleep(200); // the write is past the check

    const started = Date.now();
    const on = await toggle(a, { mode: 'read-only', reason: 'migrate', waitSeconds: 20 }).expect(200);
    const returnedAt = Date.now();
    expect(on.body.fleet.complete).toBe(true);
    const finished = await write;
    expect(finished.status).toBe(201);
    expect(finished.at).toBeLessThanOrEqual(returnedAt);
    const slowJob = [...(await jobs(a)).processed, ...(await jobs(b)).processed][0];
    expect(slowJob.ended).toBeLessThanOrEqual(returnedAt);
    expect(returnedAt - started).toBeGreaterThanOrEqual(1000);
  });

  it('lists the fleet to admins and forgets an instance that shuts down', async () => {
    const [a, b] = await Promise.all([start({ INSTANCE_NAME: 'first' }), start({ INSTANCE_NAME: 'second' })]);
    await request(a.url).get('/maintenance/fleet').expect(401);
    const fleet = await eventually(
      async () => (await request(a.url).get('/maintenance/fleet').set(admin('ops')).expect(200)).body as MaintenanceFleetStatus,
      (body) => body.live === 2,
    );
    expect(fleet).toMatchObject({ current: 2, dead: 0, lagging: [] });
    expect(fleet.instances.map((instance) => instance.name).sort()).toEqual(['first', 'second']);
    expect(fleet.instances[0]).toMatchObject({ live: true, mode: 'off', drained: true, draining: null, stateVersion: fleet.stateVersion });
    const status = await cli([...connection, 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Fleet: 2 live instance\(s\), 2 current at state version \d+, 0 lagging, 0 dead/);
    expect(status.stdout).toMatch(/first +current/);

    await b.stop();
    instances = [a];
    const rows = await dataSource.getRepository(MaintenanceInstance).find();
    expect(rows.map((row) => row.name)).toEqual(['first']);
  });

  it('`on --wait` returns 0 when every live instance answers in the new mode, and `off --wait` is not held by a killed instance', async () => {
    const [a, b, c] = await Promise.all([start({ INSTANCE_NAME: 'a' }), start({ INSTANCE_NAME: 'b' }), start({ INSTANCE_NAME: 'c' })]);
    await eventually(async () => (await dataSource.getRepository(MaintenanceInstance).count()) === 3, Boolean);

    const on = await cli([...connection, '--actor', 'deploy', 'on', '--reason', 'migrate', '--wait', '--timeout', '20s']);
    expect(on).toMatchObject({ code: 0 });
    expect(on.stdout).toMatch(/Applied on all 3 live instance\(s\)/);
    // When --wait returns, every instance already refuses: no request gets through afterwards.
    for (const instance of [a, b, c]) await request(instance.url).get('/items').expect(503);

    c.process.kill('SIGKILL');
    const started = Date.now();
    const off = await cli([...connection, '--actor', 'deploy', 'off', '--reason', 'done', '--wait', '--timeout', '30s', '--json']);
    expect(off.code).toBe(0);
    const result = JSON.parse(off.stdout);
    expect(result).toMatchObject({ mode: 'off', fleet: { complete: true, status: { live: 2, dead: 1 } } });
    expect(Date.now() - started).toBeLessThan(30_000);
    for (const instance of [a, b]) await request(instance.url).get('/items').expect(200);
  });

  it('`on --wait` exits 3 and names the instance that lags when it cannot switch in time', async () => {
    const quick = await start({ INSTANCE_NAME: 'quick' });
    // Polls the state once a minute and has no push channel: it goes on beating with the old version.
    await start({ INSTANCE_NAME: 'slow-poller', REFRESH_MS: '60000' });
    // With `fleet: false` an instance writes no heartbeat: it is not waited for.
    await start({ INSTANCE_NAME: 'invisible', FLEET_OFF: '1', REFRESH_MS: '60000' });
    await eventually(async () => (await dataSource.getRepository(MaintenanceInstance).count()) === 2, Boolean);

    const on = await cli([...connection, '--actor', 'deploy', 'on', '--reason', 'migrate', '--wait', '--timeout', '2s']);
    expect(on.code).toBe(3);
    expect(on.stdout).toMatch(/Timed out after \d+\.\d s: 1 of 2 live instance\(s\) lag/);
    expect(on.stdout).toMatch(/slow-poller: enforces state version \d+/);
    expect(on.stdout).not.toMatch(/quick:/);

    // The admin API's wait says the same, with 202: applied, not yet everywhere.
    const api = await toggle(quick, { mode: 'off', reason: 'done', waitSeconds: 1 }).expect(202);
    expect(api.body).toMatchObject({ mode: 'off', fleet: { complete: false, status: { live: 2 } } });
    expect(api.body.fleet.status.lagging.map((member: { name: string }) => member.name)).toEqual(['slow-poller']);
  });

  it('switches without the fleet table (an app not yet migrated), and says --wait cannot confirm anything', async () => {
    const table = dataSource.getMetadata(MaintenanceInstance).tablePath;
    const runner = dataSource.createQueryRunner();
    await runner.dropTable(table);
    await runner.release();
    try {
      const on = await cli([...connection, '--actor', 'deploy', 'on', '--reason', 'migrate', '--wait', '--timeout', '5s']);
      expect(on.code).toBe(3);
      expect(on.stdout).toContain('Maintenance is ON (full)');
      expect(on.stdout).toMatch(/Cannot confirm that the instances applied the change: The maintenance_instances table is missing/);
      const status = await cli([...connection, 'status']);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/Mode: +full/);
      expect(status.stdout).toMatch(/Fleet: unknown\. The maintenance_instances table is missing/);
      expect((await cli([...connection, '--actor', 'deploy', 'off', '--reason', 'done'])).code).toBe(0);
    } finally {
      await dataSource.synchronize();
    }
  });

  it('`on --wait` over a push channel returns long before the instances would poll', async () => {
    const channel = `nm_fleet_${kind}_${process.pid}`;
    const env = { REFRESH_MS: '60000', SYNC: 'redis', SYNC_CHANNEL: channel };
    const [a, b] = await Promise.all([start({ ...env, INSTANCE_NAME: 'a' }), start({ ...env, INSTANCE_NAME: 'b' })]);
    await eventually(async () => (await dataSource.getRepository(MaintenanceInstance).count()) === 2, Boolean);
    await sleep(300); // the subscribers subscribe
    // The API announces on the instances' channel; the instances would otherwise only reload in a minute.
    const on = await toggle(a, { mode: 'read-only', reason: 'push', waitSeconds: 20 }).expect(200);
    expect(on.body.fleet).toMatchObject({ complete: true, status: { live: 2, current: 2 } });
    expect(on.body.fleet.waitedMs).toBeLessThan(5000);
    await request(b.url).post('/items').expect(403);
  });
});
