import { Injectable, Module } from '@nestjs/common';
import request from 'supertest';
import { MaintenanceModule, MaintenanceModuleOptions } from '../lib';
import { ADAPTERS, createTestApp } from './utils/create-test-app';

@Injectable()
class MaintenanceConfig {
  readonly retryAfterSeconds = 42;
  createMaintenanceOptions(): MaintenanceModuleOptions {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}

@Module({ providers: [MaintenanceConfig], exports: [MaintenanceConfig] })
class ConfigModule {}

describe.each(ADAPTERS)('module registration on %s', (adapter) => {
  it('works with forRoot() and no argument', async () => {
    const t = await createTestApp({ adapter, database: `module-plain-${adapter}`, maintenanceModule: MaintenanceModule.forRoot() });
    try {
      await request(t.server()).get('/items').expect(200);
      await t.maintenance.enable({ mode: 'full', reason: 'r', actor: 'a' });
      const res = await request(t.server()).get('/items').expect(503);
      expect(res.headers['retry-after']).toBe('300');
      await request(t.server()).get('/maintenance/status').expect(200);
    } finally {
      await t.app.close();
    }
  });

  it('takes forRootAsync options from a factory with imports and inject, and the admin path as an extra', async () => {
    const t = await createTestApp({
      adapter,
      database: `module-async-${adapter}`,
      maintenanceModule: MaintenanceModule.forRootAsync({
        imports: [ConfigModule],
        inject: [MaintenanceConfig],
        useFactory: (config: MaintenanceConfig) => ({ retryAfterSeconds: config.retryAfterSeconds }),
        adminPath: '/ops/maintenance',
      }),
    });
    try {
      await t.maintenance.enable({ mode: 'full', reason: 'r', actor: 'a' });
      const res = await request(t.server()).get('/items').expect(503);
      expect(res.headers['retry-after']).toBe('42');
      await request(t.server()).get('/ops/maintenance/status').expect(200);
      // Nothing is mounted at the default path (guards do not run for unmatched routes: 404).
      await request(t.server()).get('/maintenance/status').expect(404);
    } finally {
      await t.app.close();
    }
  });

  it('takes forRootAsync options from a class and can leave the admin controller unmounted', async () => {
    const t = await createTestApp({
      adapter,
      database: `module-class-${adapter}`,
      maintenanceModule: MaintenanceModule.forRootAsync({ imports: [ConfigModule], useExisting: MaintenanceConfig, mountAdminController: false }),
    });
    try {
      await request(t.server()).get('/maintenance/windows').set('x-role', 'admin').expect(404);
      await request(t.server()).get('/maintenance/status').expect(200);
      await t.maintenance.enable({ mode: 'full', reason: 'r', actor: 'a' });
      expect((await request(t.server()).get('/items').expect(503)).headers['retry-after']).toBe('42');
    } finally {
      await t.app.close();
    }
  });
});

describe('option validation at start-up', () => {
  const cases: [string, MaintenanceModuleOptions, RegExp][] = [
    ['a bad CIDR', { bypass: { ips: ['10.0.0.0/8', '10.0.0.300/8'] } }, /bypass\.ips\[1\]/],
    ['a bad path pattern', { bypass: { paths: ['health'] } }, /bypass\.paths\[0\]/],
    ['an unknown HTTP method', { readOnly: { allowedMethods: ['GET', 'FETCH'] } }, /readOnly\.allowedMethods\[1\]/],
    ['a negative interval', { refreshIntervalMs: -5 }, /refreshIntervalMs/],
    ['a short secret', { bypass: { secret: 'short' } }, /bypass\.secret/],
    ['a bad trustProxy list', { trustProxy: ['not-an-ip'] }, /trustProxy/],
  ];
  it.each(cases)('fails on %s with an error naming the option', async (_name, options, pattern) => {
    await expect(createTestApp({ adapter: 'express', database: 'module-invalid', maintenance: options })).rejects.toThrow(pattern);
  });
});
