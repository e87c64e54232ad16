'use strict';
// What the module's periodic state reload costs (not part of `npm run bench`): MaintenanceStateService.refresh
// called in a loop on the benchmark app's SQLite database, with read-only mode on (one window to load).
// At the default interval of 1 s, CPU ms per reload ÷ 1000 is the share of one core it takes.
//   npm run build && node bench/reload-cost.js [--reloads=2000]
require('reflect-metadata');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const { MaintenanceService } = require('../dist');
const { MaintenanceStateService } = require('../dist/state/maintenance-state.service');
const { buildAppModule } = require('./app/app-module');
const { diagnosticFlags, positiveCount } = require('./cli-options');

const WARMUP_RELOADS = 200;

async function main() {
  const flags = diagnosticFlags(process.argv.slice(2));
  const reloads = positiveCount('reloads', flags.reloads ?? 2000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-maintenance-reload-'));
  const app = await NestFactory.create(buildAppModule('module', path.join(dir, 'db.sqlite')), new FastifyAdapter(), { logger: false, abortOnError: false });
  try {
    await app.init();
    await app.get(MaintenanceService).enable({ mode: 'read-only', reason: 'benchmark', actor: 'bench' });
    const state = app.get(MaintenanceStateService);
    for (let i = 0; i < WARMUP_RELOADS; i++) await state.refresh();
    const cpuBefore = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < reloads; i++) await state.refresh();
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6 / reloads;
    const cpu = process.cpuUsage(cpuBefore);
    // CPU time counts every thread (GC helpers included), so it can exceed the wall time.
    const cpuMs = (cpu.user + cpu.system) / 1000 / reloads;
    console.log(
      `one reload: ${wallMs.toFixed(3)} ms wall, ${cpuMs.toFixed(3)} ms CPU (${reloads} reloads); at the default 1 s interval: ${(cpuMs / 10).toFixed(3)} % of a core`,
    );
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
