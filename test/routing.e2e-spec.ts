import { Controller, Get, Module, VersioningType } from '@nestjs/common';
import request from 'supertest';
import { MaintenanceModuleOptions } from '../lib';
import { createTestApp, ENFORCEMENTS, TestApp } from './utils/create-test-app';

@Controller({ path: 'catalog', version: '1' })
class CatalogV1Controller {
  @Get()
  list() {
    return ['v1'];
  }
}

@Module({ controllers: [CatalogV1Controller] })
class VersionedModule {}

const SECRET = 'a-secret-of-enough-length';

describe.each(ENFORCEMENTS)('routing on %s, guard %s', (adapter, guard) => {
  describe('under a global prefix with URI versioning, covering unmatched routes', () => {
    let t: TestApp;
    const http = () => request(t.server());
    beforeAll(async () => {
      t = await createTestApp({
        adapter,
        database: `routing-${adapter}-${guard}`,
        maintenance: { guard, coverAllRoutes: true, bypass: { paths: ['/api/public/exact'], secret: SECRET } },
        imports: [VersionedModule],
        configure: (app) => {
          app.setGlobalPrefix('api');
          app.enableVersioning({ type: VersioningType.URI });
        },
      });
    });
    afterAll(() => t.app.close());
    afterEach(() => t.maintenance.disable({ reason: 'reset', actor: 'test' }));

    it('blocks prefixed and versioned routes and matches bypass paths with the prefix', async () => {
      await t.maintenance.enable({ mode: 'full', reason: 'r', actor: 'a' });
      await http().get('/api/items').expect(503);
      await http().get('/api/v1/catalog').expect(503);
      await http().get('/api/public/exact').expect(200);
      await http().get('/api/health').expect(200);
      const status = await http().get('/api/maintenance/status').expect(200);
      expect(status.body.mode).toBe('full');
    });

    it('answers 503 for unmatched URLs in full mode only', async () => {
      await http().get('/api/no-such-route').expect(404);
      await http().get('/assets/app.js').expect(404);
      await t.maintenance.enable({ mode: 'read-only', reason: 'r', actor: 'a' });
      await http().get('/assets/app.js').expect(404);
      const endsAt = Date.now() + 60_000;
      await t.maintenance.enable({ mode: 'full', reason: 'r', actor: 'a', endsAt: new Date(endsAt) });
      const sentBefore = Date.now();
      const res = await http().get('/assets/app.js').expect(503);
      const answeredAfter = Date.now();
      // Seconds to the end, rounded up, as of some instant while the request was in flight.
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(Math.ceil((endsAt - answeredAfter) / 1000));
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(Math.ceil((endsAt - sentBefore) / 1000));
      expect(res.headers['x-maintenance-mode']).toBe('full');
      expect(res.body).toMatchObject({ statusCode: 503, mode: 'full' });
      const page = await http().get('/spa/deep/link').set('Accept', 'text/html').expect(503);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      await http().get('/assets/app.js').set('X-Maintenance-Bypass', SECRET).expect(404);
      await http().get('/api/health').expect(200);
    });
  });

  describe('client addresses', () => {
    const boot = (maintenance: MaintenanceModuleOptions) =>
      createTestApp({ adapter, database: `routing-ip-${adapter}-${guard}`, maintenance: { ...maintenance, guard } });
    const check = async (maintenance: MaintenanceModuleOptions, cases: [string | null, number][]) => {
      const t = await boot(maintenance);
      try {
        await t.maintenance.enable({ mode: 'full', reason: 'r', actor: 'a' });
        for (const [forwardedFor, status] of cases) {
          const req = request(t.server()).get('/items');
          if (forwardedFor !== null) req.set('X-Forwarded-For', forwardedFor);
          await req.expect(status);
        }
      } finally {
        await t.app.close();
      }
    };

    it('matches the socket address, IPv4-mapped IPv6 included, without trustProxy', () =>
      check({ bypass: { ips: ['127.0.0.0/8'] } }, [
        [null, 200],
        ['203.0.113.9', 200],
      ]));

    it('takes the left-most X-Forwarded-For address with trustProxy: true', () =>
      check({ trustProxy: true, bypass: { ips: ['10.0.0.0/8'] } }, [
        ['10.1.2.3', 200],
        ['10.1.2.3, 192.168.0.9', 200],
        ['192.168.0.9', 503],
        [null, 503],
      ]));

    it('trusts only as many hops as the count says', () =>
      check({ trustProxy: 1, bypass: { ips: ['10.0.0.0/8'] } }, [
        ['192.168.0.9, 10.1.2.3', 200],
        ['10.1.2.3, 192.168.0.9', 503],
      ]));

    it('trusts listed proxies (IPv4-mapped sockets match IPv4 rules) and matches IPv6 ranges', () =>
      check({ trustProxy: ['127.0.0.1/8', '::1'], bypass: { ips: ['2001:db8::/32'] } }, [
        ['2001:db8::5', 200],
        ['2001:db9::5', 503],
      ]));
  });
});
