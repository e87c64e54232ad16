'use strict';
// Builds the root module of one benchmark app. Every app has the same TypeORM connection (SQLite file)
// and the same routes, so the only difference between scenarios is the maintenance code under test.
const { Module } = require('@nestjs/common');
const { APP_GUARD, APP_INTERCEPTOR } = require('@nestjs/core');
const { TypeOrmModule, getDataSourceToken } = require('@nestjs/typeorm');
const { MaintenanceModule } = require('../../dist');
const { BENCH_CONTROLLERS } = require('./routes');
const { realisticOptions } = require('./realistic-options');
const { SETTINGS, createNaiveGuard } = require('./naive-guard');
const { NoopGuard, HeaderGuard, RefusingGuard, NoopInterceptor } = require('./noop-enhancers');
const { isPlatformHookKind } = require('./platform-hooks');

const KINDS = ['bare', 'module', 'module-no-fleet', 'module-hook', 'naive', 'noop-guard', 'header-guard', 'refusing-guard', 'noop-interceptor', 'noop-both'];

/**
 * @param {'bare' | 'module' | 'module-no-fleet' | 'module-hook' | 'naive' | 'noop-guard' | 'header-guard' | 'refusing-guard' | 'noop-interceptor' | 'noop-both' | 'noop-hook' | 'header-hook'} kind
 *   the guards are the http suite's reference rows; the interceptor and platform-hook kinds serve
 *   bench/overhead.js only (a hook kind's module is the bare one: server.js adds the hook to the app).
 * @param {object} [moduleOverrides] options laid over the realistic ones (bench/instructions.js moves the reload out of its window)
 */
function buildAppModule(kind, databaseFile, moduleOverrides = {}) {
  if (!KINDS.includes(kind) && !isPlatformHookKind(kind)) throw new Error(`unknown benchmark app kind "${kind}"`);
  const imports = [
    TypeOrmModule.forRoot({
      type: 'better-sqlite3',
      database: databaseFile,
      enableWAL: true,
      autoLoadEntities: true,
      synchronize: true,
      logging: false,
    }),
  ];
  const providers = [];
  if (kind === 'module') imports.push(MaintenanceModule.forRoot({ ...realisticOptions(), ...moduleOverrides }));
  // The module without heartbeats, so without counting writes for the drain: what (2w) costs beyond it.
  if (kind === 'module-no-fleet') imports.push(MaintenanceModule.forRoot({ ...realisticOptions(), ...moduleOverrides, fleet: false }));
  if (kind === 'module-hook') imports.push(MaintenanceModule.forRoot({ ...realisticOptions(), ...moduleOverrides, guard: 'fastify-hook' }));
  if (kind === 'naive') {
    imports.push(TypeOrmModule.forFeature([SETTINGS]));
    providers.push({ provide: APP_GUARD, useFactory: createNaiveGuard, inject: [getDataSourceToken()] });
  }
  if (kind === 'header-guard') providers.push({ provide: APP_GUARD, useClass: HeaderGuard });
  if (kind === 'refusing-guard') providers.push({ provide: APP_GUARD, useClass: RefusingGuard });
  if (kind === 'noop-guard' || kind === 'noop-both') providers.push({ provide: APP_GUARD, useClass: NoopGuard });
  if (kind === 'noop-interceptor' || kind === 'noop-both') providers.push({ provide: APP_INTERCEPTOR, useClass: NoopInterceptor });
  class BenchAppModule {}
  Module({ imports, controllers: BENCH_CONTROLLERS, providers })(BenchAppModule);
  return BenchAppModule;
}

module.exports = { buildAppModule };
