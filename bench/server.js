'use strict';
// One benchmark server process: a Nest app for one scenario on one adapter, listening on a free loopback
// port. Its parent starts it pinned to the server core and talks to it over IPC (ready/port, heap, CPU),
// so measuring never adds a route to the app under test. bench/overhead.js also has it record a CPU profile
// of a load window only (start-up excluded).
// argv[2]: JSON { adapter: 'express' | 'fastify', app: an app kind of app/app-module.js, mode, scoped?, database, refreshIntervalMs? }
// `scoped`: { windows: N, mode }: N scoped windows in force (scopes bench-0 … bench-N-1; bench-0 has `mode`, the
// others full), switched on before the first request. Only /scoped/items is in a scope (bench-0).
require('reflect-metadata');
const fs = require('node:fs');
const inspector = require('node:inspector');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const { MaintenanceService } = require('../dist');
const { buildAppModule } = require('./app/app-module');
const { addPlatformHook } = require('./app/platform-hooks');

let app;
const service = () => app.get(MaintenanceService);

async function main() {
  const config = JSON.parse(process.argv[2]);
  const overrides = config.refreshIntervalMs ? { refreshIntervalMs: config.refreshIntervalMs } : {};
  // Scope names the app knows without a route (only bench-0 tags one), so the windows can name them.
  if (config.scoped) overrides.scopes = Object.fromEntries(Array.from({ length: config.scoped.windows }, (_, i) => [`bench-${i}`, {}]));
  const rootModule = buildAppModule(config.app, config.database, overrides);
  app =
    config.adapter === 'fastify'
      ? await NestFactory.create(rootModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(rootModule, { logger: false });
  addPlatformHook(app, config.adapter, config.app);
  await app.listen(0, '127.0.0.1');
  if (config.mode) {
    await app.get(MaintenanceService).enable({ mode: config.mode, reason: 'benchmark', actor: 'bench' });
  }
  for (let i = 0; i < (config.scoped?.windows ?? 0); i++) {
    const mode = i === 0 ? config.scoped.mode : 'full';
    await app.get(MaintenanceService).enable({ mode, reason: 'benchmark', actor: 'bench', scope: `bench-${i}` });
  }
  process.on('message', (message) => void answer(message));
  // The parent is gone (finished or crashed): never outlive it.
  process.on('disconnect', () => void app.close().finally(() => process.exit(0)));
  process.send({ type: 'ready', port: app.getHttpServer().address().port });
}

async function answer(message) {
  switch (message.type) {
    case 'heap':
      process.send({ id: message.id, heapUsed: await heapAfterGc() });
      break;
    case 'memory': {
      const heapUsed = await heapAfterGc();
      process.send({ id: message.id, heapUsed, rss: process.memoryUsage().rss });
      break;
    }
    case 'toggle':
      // The streams suite's change, made as an admin's toggle would be: committed, then pushed to the streams.
      await service().toggle({ mode: message.mode, reason: 'benchmark' }, { actor: 'bench' });
      process.send({ id: message.id });
      break;
    case 'cpu': {
      const usage = process.cpuUsage();
      process.send({ id: message.id, cpuMicros: usage.user + usage.system });
      break;
    }
    case 'profile-start':
      await post('Profiler.enable');
      // 100 µs: fine enough to see lines that cost a few percent in a few seconds of load.
      await post('Profiler.setSamplingInterval', { interval: 100 });
      await post('Profiler.start');
      process.send({ id: message.id });
      break;
    case 'profile-stop': {
      const { profile } = await post('Profiler.stop');
      fs.writeFileSync(message.file, JSON.stringify(profile));
      process.send({ id: message.id });
      break;
    }
    default:
      process.send({ id: message.id, error: `unknown message ${message.type}` });
  }
}

let session;
function post(method, params) {
  if (!session) {
    session = new inspector.Session();
    session.connect();
  }
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}

/** heapUsed after full collections; the pauses let finalizers and weak references settle in between. */
async function heapAfterGc() {
  for (let i = 0; i < 3; i++) {
    global.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
