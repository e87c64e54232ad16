import request from 'supertest';
import { MaintenanceModuleOptions } from '../lib';
import { createTestApp, ENFORCEMENTS, TestApp } from './utils/create-test-app';

const SECRET = 'let-me-in-during-maintenance';

const OPTIONS: MaintenanceModuleOptions = {
  refreshIntervalMs: 60_000,
  approvals: { required: 0 },
  bypass: {
    paths: ['/public/exact', '/public/docs/**', /^\/public\/regex-\d+$/],
    ips: ['10.0.0.0/8'],
    secret: SECRET,
    when: (req) => {
      const value = req.headers['x-superuser'];
      if (value === 'throw') throw new Error('predicate bug');
      if (value === 'reject') return Promise.reject(new Error('predicate bug'));
      return value === 'yes' ? true : value === 'later' ? Promise.resolve(true) : false;
    },
  },
};

describe.each(ENFORCEMENTS)('core behaviour on %s, guard %s', (adapter, guard) => {
  let t: TestApp;
  const http = () => request(t.server());
  const off = () => t.maintenance.disable({ reason: 'test reset', actor: 'tester' });
  const full = (extra: { endsAt?: Date; message?: string } = {}) => t.maintenance.enable({ mode: 'full', reason: 'test', actor: 'tester', ...extra });
  const readOnly = () => t.maintenance.enable({ mode: 'read-only', reason: 'test', actor: 'tester' });

  beforeAll(async () => {
    t = await createTestApp({ adapter, database: `core-${adapter}-${guard}`, maintenance: { ...OPTIONS, guard } });
  });
  afterAll(() => t.app.close());
  afterEach(() => off());

  it('serves normally, without the mode header, when maintenance is off', async () => {
    const res = await http().get('/items').expect(200);
    expect(res.body).toEqual({ items: ['a', 'b'] });
    expect(res.headers['x-maintenance-mode']).toBeUndefined();
    expect(t.maintenance.getState().mode).toBe('off');
  });

  describe('full mode', () => {
    it('answers 503 with Retry-After, the mode header and a JSON body', async () => {
      await full({ message: 'Upgrading the database' });
      const res = await http().get('/items').expect(503);
      expect(res.headers['retry-after']).toBe('300');
      expect(res.headers['x-maintenance-mode']).toBe('full');
      expect(res.headers['content-type']).toMatch(/json/);
      expect(res.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'MAINTENANCE',
        message: 'Upgrading the database',
        mode: 'full',
        until: null,
      });
      await http().post('/items').send({ a: 1 }).expect(503);
    });

    it('takes Retry-After and until from the end of the window', async () => {
      const endsAt = new Date(Date.now() + 120_000);
      await full({ endsAt });
      const res = await http().get('/items').expect(503);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(115);
      expect(retryAfter).toBeLessThanOrEqual(120);
      expect(res.body.until).toBe(endsAt.toISOString());
      expect(t.maintenance.getState()).toMatchObject({ mode: 'full', until: endsAt.toISOString() });
    });

    it('shows browsers an HTML page with the message escaped', async () => {
      await full({ message: '<script>alert(1)</script> & more' });
      const res = await http().get('/items').set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8').expect(503);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['retry-after']).toBe('300');
      expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
      expect(res.text).not.toContain('<script>alert(1)');
      const curl = await http().get('/items').set('Accept', '*/*').expect(503);
      expect(curl.headers['content-type']).toMatch(/json/);
    });

    it('lets the status route, decorated handlers and controllers through, with the mode header', async () => {
      await full();
      const status = await http().get('/maintenance/status').expect(200);
      expect(status.body).toMatchObject({ mode: 'full', until: null, upcoming: [] });
      const health = await http().get('/health').expect(200);
      expect(health.headers['x-maintenance-mode']).toBe('full');
      await http().get('/mixed/class-level').expect(200);
      // The handler's @BypassMaintenance({ modes: ['read-only'] }) overrides its class's full bypass.
      await http().post('/mixed/read-only-only').expect(503);
      await http().post('/auth/login').expect(503);
    });

    it('gives an emergency toggle without a message a default that does not call it scheduled', async () => {
      await full();
      const res = await http().get('/items').expect(503);
      expect(res.body.message).toMatch(/maintenance/);
      expect(res.body.message).not.toMatch(/scheduled|planned/i);
    });

    it('lets configured paths through: exact strings, globs and RegExps, ignoring the query string', async () => {
      await full();
      await http().get('/public/exact?x=1').expect(200);
      await http().get('/public/docs/page').expect(200);
      await http().post('/public/regex-42').expect(201);
      await http().get('/items?path=/public/exact').expect(503);
    });

    it('lets allowlisted client addresses through, taken from the socket, not X-Forwarded-For', async () => {
      await full();
      await http().get('/items').set('X-Forwarded-For', '10.1.2.3').expect(503);
    });

    it('lets the secret header through, never the query string', async () => {
      await full();
      await http().get('/items').set('X-Maintenance-Bypass', SECRET).expect(200);
      await http().get('/items').set('X-Maintenance-Bypass', `${SECRET}x`).expect(503);
      await http().get(`/items?x-maintenance-bypass=${SECRET}`).expect(503);
    });

    it('lets the when predicate through, sync or async', async () => {
      await full();
      await http().get('/items').set('X-Superuser', 'yes').expect(200);
      await http().post('/items').set('X-Superuser', 'later').expect(201);
      await http().get('/items').set('X-Superuser', 'no').expect(503);
      // A predicate that throws or rejects grants nothing: still a 503, never a 500.
      await http().get('/items').set('X-Superuser', 'throw').expect(503);
      await http().get('/items').set('X-Superuser', 'reject').expect(503);
    });
  });

  describe('read-only mode', () => {
    it('passes GET, HEAD and OPTIONS with the mode header and refuses writes with 403', async () => {
      await readOnly();
      const res = await http().get('/items').expect(200);
      expect(res.headers['x-maintenance-mode']).toBe('read-only');
      await http().head('/items').expect(200);
      const post = await http().post('/items').send({}).expect(403);
      expect(post.headers['x-maintenance-mode']).toBe('read-only');
      expect(post.body).toMatchObject({ statusCode: 403, mode: 'read-only' });
      expect(post.body.message).toMatch(/read-only/);
      await http().put('/items/1').expect(403);
      await http().delete('/items/1').expect(403);
    });

    it('answers a browser form post with a readable page', async () => {
      await readOnly();
      const res = await http()
        .post('/items')
        .type('form')
        .set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')
        .set('Referer', 'http://shop.example/items?page=2')
        .set('Host', 'shop.example')
        .send('name=x')
        .expect(403);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toMatch(/<title>Read-only maintenance<\/title>/);
      expect(res.text).toContain('changes cannot be saved');
      // A way back to the form's page, and no meta refresh (it would not resend the form).
      expect(res.text).toContain('<a href="/items?page=2">Go back</a>');
      expect(res.text).not.toContain('http-equiv="refresh"');
    });

    it('lets read-only bypasses write', async () => {
      await readOnly();
      await http().post('/auth/login').expect(201);
      await http().post('/mixed/read-only-only').expect(201);
      await http().post('/items').set('X-Maintenance-Bypass', SECRET).expect(201);
    });
  });

  it('lets full beat read-only while both are active', async () => {
    const ro = await t.maintenance.requestWindow({ mode: 'read-only', reason: 'ro' }, { actor: 'alice' });
    const fu = await t.maintenance.requestWindow({ mode: 'full', reason: 'full', endsAt: new Date(Date.now() + 60_000) }, { actor: 'alice' });
    expect(t.maintenance.getState().mode).toBe('full');
    await http().get('/items').expect(503);
    await t.maintenance.cancel(fu.id, {}, { actor: 'bob' });
    expect(t.maintenance.getState().mode).toBe('read-only');
    await http().get('/items').expect(200);
    await t.maintenance.cancel(ro.id, {}, { actor: 'bob' });
    await http().post('/items').expect(201);
  });

  it('switches on and off at the window boundaries by itself, between reloads', async () => {
    // Far enough ahead for the request and the first GET to come first on a slow machine.
    const startsAt = new Date(Date.now() + 1500);
    const endsAt = new Date(startsAt.getTime() + 800);
    await t.maintenance.requestWindow({ mode: 'full', reason: 'short', startsAt, endsAt }, { actor: 'alice' });
    await http().get('/items').expect(200);
    await sleep(startsAt.getTime() - Date.now() + 50);
    await http().get('/items').expect(503);
    await sleep(endsAt.getTime() - Date.now() + 50);
    await http().get('/items').expect(200);
  });

  it('disable is a no-op when nothing is active', async () => {
    const before = (await t.maintenance.listAudit({ limit: 200 })).items.length;
    const state = await t.maintenance.disable({ reason: 'nothing to do', actor: 'tester' });
    expect(state.mode).toBe('off');
    expect((await t.maintenance.listAudit({ limit: 200 })).items.length).toBe(before);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

describe.each(ENFORCEMENTS)('refreshPage on %s, guard %s', (adapter, guard) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ adapter, database: `core-refresh-${adapter}-${guard}`, maintenance: { guard, refreshPage: true } });
  });
  afterAll(() => t.app.close());

  it('makes the full-maintenance page reload itself when the window ends (at Retry-After)', async () => {
    const endsAt = new Date(Date.now() + 90_000);
    await t.maintenance.enable({ mode: 'full', reason: 'test', actor: 'tester', endsAt });
    const res = await request(t.server()).get('/items').set('Accept', 'text/html').expect(503);
    const retryAfter = Number(res.headers['retry-after']);
    expect(res.text).toContain(`<meta http-equiv="refresh" content="${retryAfter}">`);
    expect(retryAfter).toBeGreaterThan(80);
    await t.maintenance.disable({ reason: 'test', actor: 'tester' });
  });
});
