import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import request from 'supertest';
import { MaintenanceScope } from '../lib';
import { createTestApp, ENFORCEMENTS, TEST_ADMIN, TestApp } from './utils/create-test-app';
import { eventually } from './utils/eventually';

const as = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });
const OFFICE = '203.0.113.7';
const ELSEWHERE = '198.51.100.1';

@MaintenanceScope('checkout')
@Controller('checkout')
class CheckoutController {
  @Get('cart')
  cart() {
    return { cart: [] };
  }

  @Post('pay')
  @HttpCode(200)
  pay() {
    return { paid: true };
  }
}

@Controller('catalog')
class CatalogController {
  @Get('items')
  items() {
    return { items: [] };
  }

  @Post('items')
  @HttpCode(200)
  add() {
    return { added: true };
  }

  // One handler in a scope of its own, in an untagged controller.
  @MaintenanceScope('search')
  @Post('reindex')
  @HttpCode(200)
  reindex() {
    return { reindexed: true };
  }
}

/** Selected by path through the `scopes` option, not by a decorator. */
@Controller('reports')
class ReportsController {
  @Get('daily')
  daily() {
    return { report: 'daily' };
  }
}

@Module({ controllers: [CheckoutController, CatalogController, ReportsController] })
class ShopModule {}

describe.each(ENFORCEMENTS)('scopes and per-window exemptions on %s with guard %s', (adapter, guard) => {
  let t: TestApp;
  const http = () => request(t.server());

  beforeAll(async () => {
    t = await createTestApp({
      adapter,
      database: `scopes-${adapter}-${guard}`,
      maintenance: {
        guard,
        refreshIntervalMs: 60_000,
        admin: TEST_ADMIN,
        trustProxy: true,
        scopes: { reports: { paths: ['/reports/**'] }, partners: { hosts: ['partners.example.test'] } },
      },
      imports: [ShopModule],
    });
  });
  afterAll(() => t.app.close());
  afterEach(() => http().post('/maintenance/toggle').set(as('ops')).send({ mode: 'off', reason: 'reset' }).expect(200));

  /** Requests a window as alice and approves it as bob; returns its id. */
  async function approvedWindow(body: Record<string, unknown>): Promise<string> {
    const requested = await http()
      .post('/maintenance/windows')
      .set(as('alice'))
      .send({ reason: 'test', ...body })
      .expect(201);
    await http().post(`/maintenance/windows/${requested.body.id}/approve`).set(as('bob')).send({}).expect(200);
    return requested.body.id as string;
  }

  it('a scoped read-only window refuses writes on the tagged routes only, and marks only them', async () => {
    await approvedWindow({ mode: 'read-only', scope: 'checkout', message: 'Payments are paused' });
    await t.maintenance.refresh();

    const pay = await http().post('/checkout/pay').expect(403);
    expect(pay.headers['x-maintenance-mode']).toBe('read-only');
    expect(pay.body.message).toBe('Payments are paused');
    const cart = await http().get('/checkout/cart').expect(200);
    expect(cart.headers['x-maintenance-mode']).toBe('read-only');

    // Outside the scope: untouched, no header.
    const add = await http().post('/catalog/items').expect(200);
    expect(add.headers['x-maintenance-mode']).toBeUndefined();
    await http().post('/catalog/reindex').expect(200);
    expect((await http().get('/catalog/items').expect(200)).headers['x-maintenance-mode']).toBeUndefined();

    const status = await http().get('/maintenance/status').expect(200);
    expect(status.body).toMatchObject({ mode: 'off', scopes: [{ scope: 'checkout', mode: 'read-only', message: 'Payments are paused' }] });
  });

  it('combines per route: full beats read-only, and the whole app reaches every scope', async () => {
    await http().post('/maintenance/toggle').set(as('ops')).send({ mode: 'read-only', reason: 'app', message: 'App read-only' }).expect(200);
    await http().post('/maintenance/toggle').set(as('ops')).send({ mode: 'full', reason: 'search', scope: 'search' }).expect(200);

    // The handler's own scope is in full mode; its neighbours get the whole app's read-only mode.
    const reindex = await http().post('/catalog/reindex').expect(503);
    expect(reindex.headers['x-maintenance-mode']).toBe('full');
    expect(reindex.headers['retry-after']).toBeDefined();
    expect((await http().get('/catalog/items').expect(200)).headers['x-maintenance-mode']).toBe('read-only');
    expect((await http().post('/catalog/items').expect(403)).body.message).toBe('App read-only');
    expect((await http().post('/checkout/pay').expect(403)).headers['x-maintenance-mode']).toBe('read-only');

    const status = (await http().get('/maintenance/status').expect(200)).body;
    expect(status.mode).toBe('read-only');
    expect(status.scopes).toEqual([expect.objectContaining({ scope: 'search', mode: 'full' })]);

    // Switching the scope off leaves the whole app's window; switching off without a scope ends everything.
    await http().post('/maintenance/toggle').set(as('ops')).send({ mode: 'off', reason: 'search done', scope: 'search' }).expect(200);
    expect((await http().post('/catalog/reindex').expect(403)).headers['x-maintenance-mode']).toBe('read-only');
    await http().post('/maintenance/toggle').set(as('ops')).send({ mode: 'off', reason: 'all done' }).expect(200);
    await http().post('/catalog/reindex').expect(200);
  });

  it('selects routes by path and by host through the scopes option', async () => {
    await http().post('/maintenance/toggle').set(as('ops')).send({ mode: 'full', reason: 'reports', scope: 'reports' }).expect(200);
    expect((await http().get('/reports/daily').expect(503)).headers['x-maintenance-mode']).toBe('full');
    await http().get('/catalog/items').expect(200);

    await http().post('/maintenance/toggle').set(as('ops')).send({ mode: 'full', reason: 'partners', scope: 'partners' }).expect(200);
    await http().get('/catalog/items').set('Host', 'partners.example.test:8080').expect(503);
    await http().get('/catalog/items').set('Host', 'PARTNERS.example.test').expect(503);
    await http().get('/catalog/items').set('Host', 'shop.example.test').expect(200);
  });

  it('refuses a scope no route is in, naming the field', async () => {
    const unknown = await http().post('/maintenance/windows').set(as('alice')).send({ mode: 'full', reason: 'typo', scope: 'chekout' }).expect(400);
    expect(unknown.body.message).toEqual([expect.stringContaining('scope "chekout" selects no route')]);
    const bad = await http().post('/maintenance/toggle').set(as('ops')).send({ mode: 'full', reason: 'x', scope: 'no spaces' }).expect(400);
    expect(bad.body.message).toEqual([expect.stringMatching(/^scope must be/)]);
  });

  it('lets a window exempt the office address it was approved with, until it ends', async () => {
    const id = await approvedWindow({ mode: 'full', exemptions: { ips: ['203.0.113.0/24'], paths: ['/catalog/items'] } });
    const window = (await http().get(`/maintenance/windows/${id}`).set(as('alice')).expect(200)).body;
    expect(window.exemptions).toEqual({ ips: ['203.0.113.0/24'], paths: ['/catalog/items'] });
    await t.maintenance.refresh();

    await http().post('/checkout/pay').set('X-Forwarded-For', OFFICE).expect(200);
    await http().post('/checkout/pay').set('X-Forwarded-For', ELSEWHERE).expect(503);
    await http().get('/catalog/items').set('X-Forwarded-For', ELSEWHERE).expect(200);
    await http().get('/reports/daily').set('X-Forwarded-For', ELSEWHERE).expect(503);

    // Another window in force without exemptions: nobody is exempt from it.
    await http().post('/maintenance/toggle').set(as('ops')).send({ mode: 'off', reason: 'end it' }).expect(200);
    await http().post('/maintenance/toggle').set(as('ops')).send({ mode: 'full', reason: 'plain' }).expect(200);
    await http().post('/checkout/pay').set('X-Forwarded-For', OFFICE).expect(503);
  });

  it('checks exemptions entry by entry', async () => {
    const bad = await http()
      .post('/maintenance/windows')
      .set(as('alice'))
      .send({ mode: 'full', reason: 'x', exemptions: { ips: ['10.0.0.0/8', 'not-an-ip'], paths: ['no-slash'], extra: [] } })
      .expect(400);
    expect(bad.body.message).toEqual(expect.arrayContaining(['property exemptions.extra should not exist']));
    const entries = await http()
      .post('/maintenance/windows')
      .set(as('alice'))
      .send({ mode: 'full', reason: 'x', exemptions: { ips: ['10.0.0.0/8', 'not-an-ip'], paths: ['no-slash'] } })
      .expect(400);
    expect(entries.body.message).toEqual([
      expect.stringMatching(/^exemptions\.ips\[1\] must be an IP address or CIDR range/),
      expect.stringMatching(/^exemptions\.paths\[0\] must be a path pattern starting with "\/"/),
    ]);
    const nested = await http()
      .post('/maintenance/windows')
      .set(as('alice'))
      .send({ mode: 'full', reason: 'x', exemptions: { ips: [['10.0.0.1']] } })
      .expect(400);
    expect(nested.body.message).toEqual(['exemptions.ips must be a list of strings']);
  });

  it('extends an active window without a gap, audited with before and after', async () => {
    const endsAt = new Date(Date.now() + 1500).toISOString();
    const id = await approvedWindow({ mode: 'full', endsAt });
    await t.maintenance.refresh();
    await http().get('/catalog/items').expect(503);
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const changed = await http().patch(`/maintenance/windows/${id}`).set(as('carol')).send({ endsAt: later, reason: 'migration runs long' }).expect(200);
    expect(changed.body).toMatchObject({ status: 'active', endsAt: later });

    // Past the first end, every request is still refused: the window never went off.
    const statuses: number[] = [];
    const until = Date.now() + 2500;
    while (Date.now() < until) {
      statuses.push((await http().get('/catalog/items')).status);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(new Set(statuses)).toEqual(new Set([503]));

    const audit = await http().get(`/maintenance/audit?windowId=${id}&action=updated`).set(as('alice')).expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        actor: 'carol',
        reason: 'migration runs long',
        details: expect.objectContaining({ changed: ['endsAt'], from: { endsAt }, to: { endsAt: later } }),
      }),
    ]);

    // Shortening works the same way; an end in the past is refused, naming the field.
    const bad = await http().patch(`/maintenance/windows/${id}`).set(as('carol')).send({ endsAt: '2001-01-01T00:00:00Z' }).expect(400);
    expect(bad.body.message).toEqual(['endsAt must be in the future']);
    // The mode of a window in force cannot change under the approvers' feet.
    const mode = await http().patch(`/maintenance/windows/${id}`).set(as('carol')).send({ mode: 'read-only' }).expect(409);
    expect(mode.body.message).toMatch(/mode cannot change now/);
    await http()
      .patch(`/maintenance/windows/${id}`)
      .set(as('carol'))
      .send({ endsAt: new Date(Date.now() + 300).toISOString() })
      .expect(200);
    await eventually(
      () => http().get('/catalog/items'),
      (res) => res.status === 200,
    );
    expect((await http().get('/catalog/items')).status).toBe(200);
  });

  it('sends an approved window back for approval when what approvers approved changes', async () => {
    const startsAt = new Date(Date.now() + 3_600_000).toISOString();
    const id = await approvedWindow({ mode: 'read-only', startsAt });
    const message = await http().patch(`/maintenance/windows/${id}`).set(as('alice')).send({ message: 'Back soon' }).expect(200);
    expect(message.body).toMatchObject({ status: 'approved', message: 'Back soon' });

    const scoped = await http()
      .patch(`/maintenance/windows/${id}`)
      .set(as('alice'))
      .send({ scope: 'checkout', exemptions: { ips: ['203.0.113.0/24'] } })
      .expect(200);
    expect(scoped.body).toMatchObject({ status: 'pending', scope: 'checkout', approvals: [] });
    // Bob approved the old request; he approves the new one afresh.
    await http().post(`/maintenance/windows/${id}/approve`).set(as('bob')).send({}).expect(200);
    expect((await http().get(`/maintenance/windows/${id}`).set(as('bob')).expect(200)).body.status).toBe('approved');
    await http().patch(`/maintenance/windows/${id}`).set(as('alice')).send({}).expect(400);
    await http().patch(`/maintenance/windows/${id}`).set(as('alice')).send({ status: 'active' }).expect(400);
    await http().post(`/maintenance/windows/${id}/cancel`).set(as('alice')).send({}).expect(200);
  });
});
