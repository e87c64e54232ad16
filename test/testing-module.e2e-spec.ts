import { Controller, Get, Module, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { BypassMaintenance, MaintenanceService, MaintenanceTestingModule, MaintenanceTestingService } from '../lib';

/** An app's own controller, which shows the maintenance state to its users. */
@Controller('orders')
class OrdersController {
  constructor(private readonly maintenance: MaintenanceService) {}

  @Get()
  list() {
    return { orders: [], banner: this.maintenance.getState().mode };
  }

  @Post()
  create() {
    return { created: true };
  }

  @Get('health')
  @BypassMaintenance()
  health() {
    return { ok: true };
  }
}

@Module({ controllers: [OrdersController] })
class OrdersModule {}

describe('MaintenanceTestingModule: an app tests itself without a database', () => {
  it('switches modes in a line', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [OrdersModule, MaintenanceTestingModule.forRoot({ bypass: { paths: ['/orders/public'] } })],
    }).compile();
    const app = await moduleRef.createNestApplication({ logger: false }).init();
    const maintenance = app.get(MaintenanceTestingService);
    try {
      await request(app.getHttpServer()).get('/orders').expect(200, { orders: [], banner: 'off' });

      maintenance.set('read-only');
      expect((await request(app.getHttpServer()).get('/orders').expect(200)).body.banner).toBe('read-only');
      await request(app.getHttpServer()).post('/orders').expect(403);

      maintenance.set('full', { message: 'Back soon', until: new Date(Date.now() + 60_000) });
      const res = await request(app.getHttpServer()).get('/orders').expect(503);
      expect(res.body).toMatchObject({ message: 'Back soon', mode: 'full' });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(55);
      await request(app.getHttpServer()).get('/orders/health').expect(200);

      await app.get(MaintenanceService).disable({ reason: 'done', actor: 'test' });
      await request(app.getHttpServer()).post('/orders').expect(201);
    } finally {
      await app.close();
    }
  });

  it('stands in for the whole MaintenanceService: the toggle works, the window workflow answers 501', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [OrdersModule, MaintenanceTestingModule.forRoot()] }).compile();
    const app = await moduleRef.createNestApplication({ logger: false }).init();
    const maintenance = app.get(MaintenanceService);
    try {
      await request(app.getHttpServer()).post('/orders').expect(201);
      const calls: string[] = [];
      maintenance.onPause((state) => void calls.push(`pause ${state.mode}`));
      maintenance.onResume(() => void calls.push('resume'));
      await expect(maintenance.runUnlessPaused(() => 'ran')).resolves.toEqual({ ran: true, value: 'ran' });
      await expect(maintenance.toggle({ mode: 'read-only', reason: 'r' }, { actor: 'test' })).resolves.toMatchObject({ mode: 'read-only' });
      await request(app.getHttpServer()).post('/orders').expect(403);
      expect(maintenance.isPaused()).toBe(true);
      expect(maintenance.isPaused(['full'])).toBe(false);
      await expect(maintenance.runUnlessPaused(() => 'ran')).resolves.toEqual({ ran: false });
      await expect(maintenance.toggle({ mode: 'off', reason: 'r' }, { actor: 'test' })).resolves.toMatchObject({ mode: 'off' });
      expect(calls).toEqual(['pause read-only', 'resume']);
      for (const call of [
        () => maintenance.fleetStatus(),
        () => maintenance.requestWindow({ mode: 'full', reason: 'r' }, { actor: 'test' }),
        () => maintenance.approve('id', {}, { actor: 'test' }),
        () => maintenance.listWindows(),
        () => maintenance.verifyAudit(),
      ]) {
        expect(call).toThrow(expect.objectContaining({ status: 501 }) as Error);
      }
    } finally {
      await app.close();
    }
  });
});
