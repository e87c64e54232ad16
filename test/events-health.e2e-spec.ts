import { Controller, Get, Module } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BypassMaintenance, MaintenanceEvent, MaintenanceHealthIndicator } from '../lib';
import { ADAPTERS, createTestApp, TestApp } from './utils/create-test-app';
import { eventually } from './utils/eventually';

@Controller('probe')
@BypassMaintenance()
class ProbeController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly maintenanceHealth: MaintenanceHealthIndicator,
  ) {}

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.maintenanceHealth.isHealthy()]);
  }
}

@Module({ imports: [TerminusModule], controllers: [ProbeController] })
class ProbeModule {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

describe.each(ADAPTERS)('events and health on %s', (adapter) => {
  let t: TestApp;
  const emitted: MaintenanceEvent[] = [];
  const observed: MaintenanceEvent[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      adapter,
      database: `events-${adapter}`,
      maintenance: { refreshIntervalMs: 60_000 },
      imports: [EventEmitterModule.forRoot(), ProbeModule],
    });
    const emitter = t.app.get(EventEmitter2);
    for (const type of ['requested', 'approved', 'rejected', 'activated', 'completed', 'cancelled', 'toggled']) {
      emitter.on(`maintenance.${type}`, (event: MaintenanceEvent) => emitted.push(event));
    }
    t.maintenance.events$.subscribe((event) => observed.push(event));
  });
  afterAll(() => t.app.close());

  it('emits each step with the window and the actor, through EventEmitter2 and the Observable', async () => {
    // Far enough ahead for the approval to be recorded before the start, on a slow machine too.
    const startsAt = new Date(Date.now() + 1500);
    const endsAt = new Date(startsAt.getTime() + 1000);
    const window = await t.maintenance.requestWindow({ mode: 'read-only', reason: 'events', startsAt, endsAt }, { actor: 'alice' });
    await t.maintenance.approve(window.id, {}, { actor: 'bob' });
    await sleep(endsAt.getTime() - Date.now());
    // Activation and completion are emitted once recorded, just after each boundary.
    await eventually(
      async () => emitted,
      (events) => events.some((event) => event.name === 'maintenance.completed'),
    );
    const other = await t.maintenance.requestWindow({ mode: 'full', reason: 'other', startsAt: new Date(Date.now() + 3_600_000) }, { actor: 'alice' });
    await t.maintenance.reject(other.id, { comment: 'no' }, { actor: 'carol' });
    const third = await t.maintenance.requestWindow({ mode: 'full', reason: 'third', startsAt: new Date(Date.now() + 3_600_000) }, { actor: 'alice' });
    await t.maintenance.cancel(third.id, {}, { actor: 'alice' });
    await t.maintenance.enable({ mode: 'full', reason: 'toggle', actor: 'dave' });
    await t.maintenance.disable({ reason: 'toggle off', actor: 'dave' });

    const summary = emitted.map((event) => `${event.name}:${event.actor}`);
    expect(summary).toEqual([
      'maintenance.requested:alice',
      'maintenance.approved:bob',
      'maintenance.activated:system',
      'maintenance.completed:system',
      'maintenance.requested:alice',
      'maintenance.rejected:carol',
      'maintenance.requested:alice',
      'maintenance.cancelled:alice',
      'maintenance.toggled:dave',
      'maintenance.toggled:dave',
    ]);
    expect(emitted[2].window).toMatchObject({ id: window.id, status: 'active' });
    expect(emitted[8].state.mode).toBe('full');
    expect(observed.map((event) => event.name)).toEqual(emitted.map((event) => event.name));
  });

  it('reports the mode through terminus and stays up during maintenance', async () => {
    await t.maintenance.enable({ mode: 'full', reason: 'health', actor: 'dave' });
    const res = await request(t.server()).get('/probe/ready').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { maintenance: { status: 'up', mode: 'full' } } });
    await t.maintenance.disable({ reason: 'health', actor: 'dave' });
    expect((await request(t.server()).get('/probe/ready').expect(200)).body.info.maintenance.mode).toBe('off');
  });
});

describe('automatic transitions across two instances', () => {
  it('fire their events once, from the instance that recorded them', async () => {
    const a = await createTestApp({ adapter: 'express', database: 'events-two', maintenance: { refreshIntervalMs: 50, approvals: { required: 0 } } });
    const database = a.app.get<DataSource>(getDataSourceToken()).options.database;
    const b = await createTestApp({
      adapter: 'express',
      database: 'events-two',
      keepDatabase: true,
      maintenance: { refreshIntervalMs: 50 },
      typeorm: typeof database === 'string' && database.endsWith('.sqlite') ? { database } : {},
    });
    try {
      const seen: string[] = [];
      a.maintenance.events$.subscribe((event) => seen.push(`a:${event.type}`));
      b.maintenance.events$.subscribe((event) => seen.push(`b:${event.type}`));
      const startsAt = new Date(Date.now() + 1000);
      const endsAt = new Date(startsAt.getTime() + 400);
      await a.maintenance.requestWindow({ mode: 'full', reason: 'once', startsAt, endsAt }, { actor: 'alice' });
      await sleep(endsAt.getTime() - Date.now());
      await eventually(
        async () => seen,
        (entries) => entries.some((entry) => entry.endsWith(':completed')),
      );
      // Then at least 600 ms past the end and 300 ms past the record (six reloads of each instance): time
      // enough for a second, wrong, record to show.
      await sleep(Math.max(300, endsAt.getTime() + 600 - Date.now()));
      expect(seen.filter((entry) => entry.endsWith(':activated'))).toHaveLength(1);
      expect(seen.filter((entry) => entry.endsWith(':completed'))).toHaveLength(1);
    } finally {
      await a.app.close();
      await b.app.close();
    }
  });
});
