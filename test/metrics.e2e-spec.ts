import { Controller, Get, Header, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import request from 'supertest';
import { BypassMaintenance, MaintenanceScope } from '../lib';
import { createTestApp, ENFORCEMENTS, TEST_ADMIN, TestApp } from './utils/create-test-app';
import { WebhookReceiver } from './utils/webhook-receiver';
import { eventually } from './utils/eventually';

const as = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });
const SECRET = 'a webhook secret of enough bytes';

/** Reads one sample of the Prometheus text format: `name{labels} value`, labels in any order. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return null;
}

describe.each(ENFORCEMENTS)('Prometheus metrics on %s with guard %s', (adapter, guard) => {
  const registry = new Registry();
  let t: TestApp;
  let receiver: WebhookReceiver;
  const http = () => request(t.server());
  const scrape = async () => (await http().get('/metrics').expect(200)).text;

  @Controller('metrics')
  class MetricsController {
    @Get()
    @BypassMaintenance()
    @Header('Content-Type', registry.contentType)
    metrics(): Promise<string> {
      return registry.metrics();
    }
  }

  @MaintenanceScope('checkout')
  @Controller('checkout')
  class CheckoutController {
    @Get()
    cart() {
      return { cart: [] };
    }
  }

  @Module({ controllers: [MetricsController, CheckoutController] })
  class MetricsModule {}

  beforeAll(async () => {
    receiver = await WebhookReceiver.start(SECRET, ['fail']);
    t = await createTestApp({
      adapter,
      database: `metrics-${adapter}-${guard}`,
      maintenance: {
        guard,
        refreshIntervalMs: 60_000,
        admin: TEST_ADMIN,
        bypass: { paths: ['/health'], secret: 'let-me-in-please-1234' },
        metrics: { registry },
        notify: { webhooks: [{ url: receiver.url, secret: SECRET, name: 'ops' }], pollIntervalMs: 50, retry: { firstDelayMs: 50 } },
      },
      imports: [MetricsModule],
    });
  });
  afterAll(async () => {
    await t.app.close();
    await receiver.stop();
  });

  it('shows the mode in force per scope, planned or not, and counts refusals, bypasses, transitions and deliveries', async () => {
    let text = await scrape();
    expect(sample(text, 'maintenance_in_force')).toBe(0);
    expect(sample(text, 'maintenance_mode', { scope: '' })).toBeNull();

    await http().post('/maintenance/toggle').set(as('alice')).send({ mode: 'read-only', reason: 'checkout only', scope: 'checkout' }).expect(200);
    await http().post('/maintenance/toggle').set(as('alice')).send({ mode: 'full', reason: 'fire' }).expect(200);
    await http().get('/items').expect(503);
    await http().get('/items').expect(503);
    await http().get('/items').set('x-maintenance-bypass', 'let-me-in-please-1234').expect(200);

    text = await scrape();
    expect(sample(text, 'maintenance_in_force')).toBe(1);
    expect(sample(text, 'maintenance_mode', { scope: '', mode: 'full', planned: 'false' })).toBe(1);
    expect(sample(text, 'maintenance_mode', { scope: 'checkout', mode: 'read-only', planned: 'false' })).toBe(1);
    expect(sample(text, 'maintenance_requests_refused_total', { mode: 'full' })).toBe(2);
    expect(sample(text, 'maintenance_requests_bypassed_total', { kind: 'secret' })).toBe(1);
    expect(sample(text, 'maintenance_window_transitions_total', { action: 'toggled' })).toBe(2);
    // Scraping again counts nothing twice.
    expect(sample(await scrape(), 'maintenance_requests_refused_total', { mode: 'full' })).toBe(2);

    // The receiver failed the first delivery; the retry succeeded.
    text = await eventually(scrape, (now) => (sample(now, 'maintenance_webhook_deliveries_total', { target: 'ops', result: 'delivered' }) ?? 0) >= 2);
    expect(sample(text, 'maintenance_webhook_deliveries_total', { target: 'ops', result: 'failed' })).toBe(1);

    await http().post('/maintenance/toggle').set(as('alice')).send({ mode: 'off', reason: 'done' }).expect(200);
    text = await scrape();
    expect(sample(text, 'maintenance_mode', { scope: '', mode: 'full' })).toBeNull();
    expect(sample(text, 'maintenance_in_force')).toBe(0);
  });

  it('labels a window that was requested and approved as planned', async () => {
    const startsAt = new Date(Date.now() + 1500).toISOString();
    const endsAt = new Date(Date.now() + 60_000).toISOString();
    const created = await http().post('/maintenance/windows').set(as('alice')).send({ mode: 'read-only', reason: 'planned', startsAt, endsAt }).expect(201);
    await http().post(`/maintenance/windows/${created.body.id}/approve`).set(as('bob')).send({}).expect(200);
    const text = await eventually(scrape, (now) => sample(now, 'maintenance_mode', { scope: '', mode: 'read-only' }) === 1, { withinMs: 6000 });
    expect(sample(text, 'maintenance_mode', { scope: '', mode: 'read-only', planned: 'true' })).toBe(1);
    await http().post(`/maintenance/windows/${created.body.id}/cancel`).set(as('bob')).send({ reason: 'done' }).expect(200);
  });
});
