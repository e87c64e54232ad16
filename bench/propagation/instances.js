'use strict';
// The propagation suite's fixtures: its own PostgreSQL schema (bench_propagation, dropped before and
// after) and app instances, each test/app/instance-server.js (the compiled library) in a process of its
// own, configured by environment as the multi-instance e2e tests start it.
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const { createInterface } = require('node:readline');
const { SERVER_CORE, pinnedNode } = require('../pin');

// instance-server.js reaches Postgres at 127.0.0.1 as postgres on database test (port from PG_PORT) and
// Redis at redis://127.0.0.1:6379, so BENCH_POSTGRES_URL cannot apply here: the suite uses what they use.
const PG_PORT = Number(process.env.PG_PORT ?? 5432);
const POSTGRES = { host: '127.0.0.1', port: PG_PORT, user: 'postgres', database: 'test' };
const REDIS = { host: '127.0.0.1', port: 6379 };
const SCHEMA = 'bench_propagation';
const INSTANCE_SCRIPT = path.join(__dirname, '..', '..', 'test', 'app', 'instance-server.js');
const START_TIMEOUT_MS = 60_000;

/**
 * Recreates the schema and the module's tables in it (synchronize, as test/utils/schema.ts does: the
 * instances run with synchronize: false). Resolves to { version } or { skipped } when Postgres is down.
 */
async function prepareSchema() {
  const { Client } = require('pg');
  const client = new Client({ ...POSTGRES, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    return { skipped: `PostgreSQL at ${POSTGRES.host}:${POSTGRES.port} unreachable (${error.message})` };
  }
  let version;
  try {
    version = (await client.query('SHOW server_version')).rows[0].server_version;
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await client.query(`CREATE SCHEMA ${SCHEMA}`);
  } finally {
    await client.end();
  }
  const { DataSource } = require('typeorm');
  const { MAINTENANCE_ENTITIES } = require('../../dist');
  const dataSource = new DataSource({
    type: 'postgres',
    ...POSTGRES,
    username: POSTGRES.user,
    schema: SCHEMA,
    entities: MAINTENANCE_ENTITIES,
    synchronize: true,
    logging: false,
  });
  await dataSource.initialize();
  await dataSource.destroy();
  return { version: `PostgreSQL ${version}` };
}

async function dropSchema() {
  const { Client } = require('pg');
  const client = new Client(POSTGRES);
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  } finally {
    await client.end();
  }
}

/** null when Redis answers PING, else why not (the Redis channel is then skipped). */
function redisUnavailable() {
  return new Promise((resolve) => {
    const socket = net.connect(REDIS);
    const done = (reason) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(2000, () => done('no answer within 2 s'));
    socket.once('error', (error) => done(error.message));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG') ? null : `answered ${JSON.stringify(data.toString().trim())}`));
  }).then((reason) => (reason ? `Redis at ${REDIS.host}:${REDIS.port} unavailable (${reason})` : null));
}

const running = new Set();
// Never leave an instance behind when the bench dies between start and stop.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts one instance on the schema, pinned to the server core, with `env` on top (REFRESH_MS, SYNC,
 * SYNC_CHANNEL). Its stderr lines go to `log`. Resolves to { name, port, stop() } once it listens.
 */
function startInstance(name, env, log) {
  const [command, args] = pinnedNode(SERVER_CORE, [INSTANCE_SCRIPT]);
  const child = spawn(command, args, {
    env: { ...process.env, TEST_DB: 'postgres', DB_NAME: SCHEMA, PG_PORT: String(PG_PORT), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const stderr = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr.push(line);
    log(`propagation: instance ${name}: ${line}`);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`instance ${name} did not start within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    const exited = (code) => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} exited with ${code}: ${stderr.slice(-5).join(' | ')}`));
    };
    child.once('exit', exited);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      child.removeListener('exit', exited);
      resolve({ name, port: JSON.parse(line).port, stop: () => stop(child) });
    });
  });
}

/**
 * A second chance after a pause: on a shared checkout a concurrent `npm run build` empties dist/ for a few
 * seconds, and an instance starting in that gap cannot load the library.
 */
async function startInstanceWithRetry(name, env, log) {
  try {
    return await startInstance(name, env, log);
  } catch (error) {
    log(`propagation: ${error.message}; retrying in 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    return startInstance(name, env, log);
  }
}

/** SIGTERM (the app has shutdown hooks, so it closes its channels), SIGKILL after 5 s. */
function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

module.exports = { SCHEMA, prepareSchema, dropSchema, redisUnavailable, startInstance: startInstanceWithRetry };
