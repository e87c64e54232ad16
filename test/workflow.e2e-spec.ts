import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import { ADAPTERS, createTestApp, TEST_ADMIN, TestApp } from './utils/create-test-app';
import { eventually } from './utils/eventually';

const as = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

describe.each(ADAPTERS)('window workflow on %s', (adapter) => {
  let t: TestApp;
  const http = () => request(t.server());

  beforeAll(async () => {
    t = await createTestApp({ adapter, database: `workflow-${adapter}`, maintenance: { admin: TEST_ADMIN, refreshIntervalMs: 60_000 } });
  });
  afterAll(() => t.app.close());
  afterEach(() => t.maintenance.disable({ reason: 'reset', actor: 'tester' }));

  it('runs request → approve → active → completed with a short window, audited in order', async () => {
    // Far enough ahead for the request and the approval to land first on a slow machine.
    const startsAt = inMs(1500);
    const endsAt = inMs(2500);
    const created = await http()
      .post('/maintenance/windows')
      .set(as('alice'))
      .send({ mode: 'full', reason: 'Database upgrade', message: 'Back soon', startsAt, endsAt })
      .expect(201);
    expect(created.body).toMatchObject({ status: 'pending', mode: 'full', requestedBy: 'alice', emergency: false, approvals: [] });
    const id = created.body.id;

    const approved = await http().post(`/maintenance/windows/${id}/approve`).set(as('bob')).send({ comment: 'ok' }).expect(200);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.approvals).toEqual([expect.objectContaining({ approver: 'bob', decision: 'approve', comment: 'ok' })]);
    await http().get('/items').expect(200);

    await sleep(Date.parse(startsAt) - Date.now() + 150);
    // The switch itself is in memory, on time; the transition is recorded in the database just after it.
    const blocked = await http().get('/items').expect(503);
    expect(blocked.body.message).toBe('Back soon');
    const window = () => http().get(`/maintenance/windows/${id}`).set(as('carol')).expect(200);
    const active = await eventually(window, (res) => res.body.status !== 'approved');
    expect(active.body.status).toBe('active');

    await sleep(Date.parse(endsAt) - Date.now() + 150);
    await http().get('/items').expect(200);
    const done = await eventually(window, (res) => res.body.status !== 'active');
    expect(done.body).toMatchObject({ status: 'completed', endedAt: endsAt });

    const audit = await http().get('/maintenance/audit').query({ windowId: id }).set(as('carol')).expect(200);
    const actions = audit.body.items.map((entry: { action: string }) => entry.action).reverse();
    expect(actions).toEqual(['requested', 'approved', 'activated', 'completed']);
    const [requested, approval, activated, completed] = audit.body.items.slice().reverse();
    expect(requested).toMatchObject({ actor: 'alice', source: 'api', reason: 'Database upgrade' });
    expect(activated).toMatchObject({ actor: 'system', source: 'system', stateBefore: { mode: 'off' }, stateAfter: { mode: 'full', since: startsAt } });
    expect(completed).toMatchObject({ actor: 'system', stateBefore: { mode: 'full', until: endsAt }, stateAfter: { mode: 'off' } });
    expect(requested.ip).toBeTruthy();
    expect(approval).toMatchObject({ actor: 'bob', reason: 'ok' });
  });

  it('refuses self-approval with 403, a second vote and decided windows with 409', async () => {
    const { body } = await http()
      .post('/maintenance/windows')
      .set(as('alice'))
      .send({ mode: 'read-only', reason: 'r', startsAt: inMs(60_000) })
      .expect(201);
    const self = await http().post(`/maintenance/windows/${body.id}/approve`).set(as('alice')).send({}).expect(403);
    expect(self.body.message).toMatch(/four-eyes/);
    await http().post(`/maintenance/windows/${body.id}/approve`).set(as('bob')).send({}).expect(200);
    const twice = await http().post(`/maintenance/windows/${body.id}/approve`).set(as('bob')).send({}).expect(409);
    expect(twice.body.message).toMatch(/already/);
    const late = await http().post(`/maintenance/windows/${body.id}/approve`).set(as('carol')).send({}).expect(409);
    expect(late.body.message).toMatch(/approved/);
    await http().post(`/maintenance/windows/${body.id}/cancel`).set(as('carol')).send({}).expect(200);
  });

  it('rejects a window; it can then no longer be approved', async () => {
    const { body } = await http()
      .post('/maintenance/windows')
      .set(as('alice'))
      .send({ mode: 'full', reason: 'r', startsAt: inMs(60_000) })
      .expect(201);
    const rejected = await http().post(`/maintenance/windows/${body.id}/reject`).set(as('bob')).send({ comment: 'Not during the sale' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', closedBy: 'bob' });
    expect(rejected.body.approvals[0]).toMatchObject({ decision: 'reject', comment: 'Not during the sale' });
    const res = await http().post(`/maintenance/windows/${body.id}/approve`).set(as('carol')).send({}).expect(409);
    expect(res.body.message).toMatch(/rejected/);
  });

  it('refuses to approve a pending window whose end has passed, and keeps it visible', async () => {
    const endsAt = inMs(1500);
    const { body } = await http().post('/maintenance/windows').set(as('alice')).send({ mode: 'full', reason: 'r', endsAt }).expect(201);
    await sleep(Date.parse(endsAt) - Date.now() + 100);
    const res = await http().post(`/maintenance/windows/${body.id}/approve`).set(as('bob')).send({}).expect(409);
    expect(res.body.message).toMatch(/ended before it was approved/);
    expect((await http().get(`/maintenance/windows/${body.id}`).set(as('bob')).expect(200)).body.status).toBe('pending');
  });

  it('activates at once a window approved after its start', async () => {
    const { body } = await http().post('/maintenance/windows').set(as('alice')).send({ mode: 'read-only', reason: 'r' }).expect(201);
    const approved = await http().post(`/maintenance/windows/${body.id}/approve`).set(as('bob')).send({}).expect(200);
    expect(approved.body.status).toBe('active');
    await http().post('/items').expect(403);
    const cancelled = await http().post(`/maintenance/windows/${body.id}/cancel`).set(as('carol')).send({ reason: 'done early' }).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.endedAt).toBeTruthy();
    await http().post('/items').expect(201);
    const again = await http().post(`/maintenance/windows/${body.id}/cancel`).set(as('carol')).send({}).expect(409);
    expect(again.body.message).toMatch(/cancelled/);
  });

  it('toggles on and off at once, as an emergency window, audited with the state before and after', async () => {
    const on = await http().post('/maintenance/toggle').set(as('dave')).send({ mode: 'full', reason: 'Incident 42', message: 'Fixing it' }).expect(200);
    expect(on.body).toMatchObject({ mode: 'full', message: 'Fixing it', until: null });
    expect(on.headers['x-maintenance-mode']).toBe('full');
    await http().get('/items').expect(503);
    const off = await http().post('/maintenance/toggle').set(as('dave')).send({ mode: 'off', reason: 'Fixed' }).expect(200);
    expect(off.body.mode).toBe('off');
    expect(off.headers['x-maintenance-mode']).toBeUndefined(); // the answer describes the new state
    await http().get('/items').expect(200);

    const windows = await http().get('/maintenance/windows').set(as('dave')).expect(200);
    expect(windows.body.items[0]).toMatchObject({ emergency: true, status: 'completed', closedBy: 'dave', reason: 'Incident 42' });
    const audit = await http().get('/maintenance/audit').query({ action: 'toggled', limit: 2 }).set(as('dave')).expect(200);
    expect(audit.body.items[0]).toMatchObject({ actor: 'dave', reason: 'Fixed', stateBefore: { mode: 'full' }, stateAfter: { mode: 'off' } });
    expect(audit.body.items[1]).toMatchObject({ reason: 'Incident 42', stateBefore: { mode: 'off' }, stateAfter: { mode: 'full' } });
  });

  it('keeps scheduled windows when the toggle ends the active ones', async () => {
    const { body } = await http()
      .post('/maintenance/windows')
      .set(as('alice'))
      .send({ mode: 'full', reason: 'later', startsAt: inMs(30 * 60_000) })
      .expect(201);
    await http().post(`/maintenance/windows/${body.id}/approve`).set(as('bob')).send({}).expect(200);
    await http().post('/maintenance/toggle').set(as('dave')).send({ mode: 'read-only', reason: 'now' }).expect(200);
    await http().post('/maintenance/toggle').set(as('dave')).send({ mode: 'off', reason: 'done' }).expect(200);
    expect((await http().get(`/maintenance/windows/${body.id}`).set(as('bob')).expect(200)).body.status).toBe('approved');
    const status = await http().get('/maintenance/status').expect(200);
    // Within noticeMinutes (60) the approved window is announced, in the body and a response header.
    expect(status.body.upcoming).toEqual([expect.objectContaining({ id: body.id, mode: 'full' })]);
    expect((await http().get('/items').expect(200)).headers['x-maintenance-scheduled']).toBe(status.body.upcoming[0].startsAt);
    await http().post(`/maintenance/windows/${body.id}/cancel`).set(as('bob')).send({}).expect(200);
  });

  it('pages windows and the audit log with cursors and filters', async () => {
    for (let i = 0; i < 3; i++) {
      await http()
        .post('/maintenance/windows')
        .set(as('erin'))
        .send({ mode: 'read-only', reason: `page ${i}`, startsAt: inMs(7_200_000) })
        .expect(201);
    }
    const first = await http().get('/maintenance/windows').query({ status: 'pending', limit: 2 }).set(as('erin')).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await http().get('/maintenance/windows').query({ status: 'pending', limit: 2, cursor: first.body.nextCursor }).set(as('erin')).expect(200);
    const ids = [...first.body.items, ...second.body.items].map((w: { id: string }) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(3);

    const audit1 = await http().get('/maintenance/audit').query({ actor: 'erin', limit: 2 }).set(as('erin')).expect(200);
    const audit2 = await http().get('/maintenance/audit').query({ actor: 'erin', limit: 2, cursor: audit1.body.nextCursor }).set(as('erin')).expect(200);
    expect(audit1.body.items[0].id).toBeGreaterThan(audit1.body.items[1].id);
    expect(audit2.body.items[0].id).toBeLessThan(audit1.body.items[1].id);
  });

  describe('who may do what', () => {
    it('answers 401 when no actor can be named, 403 when authorize says no', async () => {
      const noActor = await http().post('/maintenance/toggle').set('x-role', 'admin').send({ mode: 'full', reason: 'x' }).expect(401);
      expect(noActor.body.message).toMatch(/who is making it/);
      expect(noActor.body.message).not.toMatch(/options|admin\.actor/);
      const notAdmin = await http().post('/maintenance/toggle').set('x-user', 'mallory').send({ mode: 'full', reason: 'x' }).expect(403);
      expect(notAdmin.body.message).toMatch(/not allowed to toggle/);
      await http().get('/maintenance/audit').set('x-user', 'mallory').expect(403);
      await http().get('/items').expect(200);
    });
  });

  describe('input validation', () => {
    const post = (path: string, body: object) => http().post(path).set(as('alice')).send(body);
    it.each([
      ['an unknown field', { mode: 'full', reason: 'r', extra: 1 }, /property extra should not exist/],
      ['a missing reason', { mode: 'full' }, /reason/],
      ['a too long reason', { mode: 'full', reason: 'x'.repeat(501) }, /reason must be shorter/],
      ['an unknown mode', { mode: 'partial', reason: 'r' }, /mode must be one of/],
      ['a local time without offset', { mode: 'full', reason: 'r', startsAt: '2030-01-01T10:00:00' }, /startsAt must be an ISO 8601/],
      ['a date that is not a date', { mode: 'full', reason: 'r', endsAt: 'tomorrow' }, /endsAt must be an ISO 8601/],
      [
        'an end before the start',
        { mode: 'full', reason: 'r', startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T09:00:00Z' },
        /endsAt must be after startsAt/,
      ],
      ['an end in the past', { mode: 'full', reason: 'r', startsAt: '2020-01-01T10:00:00Z', endsAt: '2020-01-01T11:00:00Z' }, /endsAt must be in the future/],
      ['a reason that is not a string', { mode: 'full', reason: 42 }, /reason must be a string/],
      ['an ISO week date', { mode: 'full', reason: 'r', endsAt: '2030-W05-4T22:00:00Z' }, /endsAt must be an ISO 8601/],
      ['an ISO basic-format date', { mode: 'full', reason: 'r', endsAt: '20300131T220000Z' }, /endsAt must be an ISO 8601/],
      ['an impossible date', { mode: 'full', reason: 'r', endsAt: '2030-02-30T22:00:00Z' }, /endsAt must be an ISO 8601/],
    ])('answers 400 for %s on POST /windows', async (_name, body, message) => {
      const res = await post('/maintenance/windows', body).expect(400);
      expect(res.body.message.join(' ')).toMatch(message);
    });

    it('answers 400 for bad toggles, ids, queries and cursors, and 404 for unknown windows', async () => {
      expect((await post('/maintenance/toggle', { mode: 'sideways', reason: 'r' }).expect(400)).body.message.join(' ')).toMatch(/mode/);
      expect((await post('/maintenance/toggle', { mode: 'full', reason: 'r', endsAt: '2020-01-01T00:00:00Z' }).expect(400)).body.message.join(' ')).toMatch(
        /endsAt/,
      );
      expect((await post('/maintenance/windows/not-a-uuid/approve', {}).expect(400)).body.message.join(' ')).toMatch(/id must be a UUID/);
      expect((await post('/maintenance/windows/5d2b8c52-7a0e-4c4e-9d57-1f0a3c1b2e11/reject', {}).expect(400)).body.message.join(' ')).toMatch(/comment/);
      expect((await post('/maintenance/windows/5d2b8c52-7a0e-4c4e-9d57-1f0a3c1b2e11/approve', {}).expect(404)).body.message).toMatch(/does not exist/);
      const get = (query: object) => http().get('/maintenance/windows').query(query).set(as('alice'));
      expect((await get({ limit: 1000 }).expect(400)).body.message.join(' ')).toMatch(/limit/);
      expect((await get({ limit: 'ten' }).expect(400)).body.message.join(' ')).toMatch(/limit/);
      expect((await get({ status: 'sleeping' }).expect(400)).body.message.join(' ')).toMatch(/status/);
      expect((await get({ cursor: 'garbage' }).expect(400)).body.message.join(' ')).toMatch(/cursor/);
      expect((await get({ from: 'yesterday' }).expect(400)).body.message.join(' ')).toMatch(/from/);
      const audit = (query: object) => http().get('/maintenance/audit').query(query).set(as('alice'));
      expect((await audit({ cursor: 'x' }).expect(400)).body.message.join(' ')).toMatch(/cursor/);
      expect((await audit({ windowId: 'x' }).expect(400)).body.message.join(' ')).toMatch(/windowId/);
      expect((await audit({ action: 'deleted' }).expect(400)).body.message.join(' ')).toMatch(/action/);
      const raw = await http().post('/maintenance/toggle').set(as('alice')).set('Content-Type', 'application/json').send('{"mode":').expect(400);
      expect(raw.body.statusCode).toBe(400);
    });
  });

  it('reads offsets without minutes as the instant they name', async () => {
    const res = await http()
      .post('/maintenance/windows')
      .set(as('alice'))
      .send({ mode: 'full', reason: 'r', startsAt: '2031-01-31T22:00:00+02', endsAt: '2031-01-31T23:30+02:00' })
      .expect(201);
    expect(res.body).toMatchObject({ startsAt: '2031-01-31T20:00:00.000Z', endsAt: '2031-01-31T21:30:00.000Z' });
    await http().post(`/maintenance/windows/${res.body.id}/cancel`).set(as('alice')).send({}).expect(200);
  });

  it('checks what code passes to the service as the API checks HTTP input: 400s, not outages', async () => {
    await expect(t.maintenance.enable({ mode: 'full', reason: 'x'.repeat(501), actor: 'code' })).rejects.toMatchObject({ status: 400 });
    await expect(t.maintenance.enable({ mode: 'full', reason: 'ok', actor: '' })).rejects.toMatchObject({ status: 400 });
    await expect(t.maintenance.enable({ mode: 'full', reason: 'bad \ud800 text', actor: 'code' })).rejects.toMatchObject({ status: 400 });
    await expect(t.maintenance.requestWindow({ mode: 'full', reason: 'r', startsAt: new Date('nonsense') }, { actor: 'code' })).rejects.toMatchObject({
      status: 400,
    });
    expect(t.maintenance.getState().mode).toBe('off');
  });

  it('documents every admin route in the OpenAPI document', async () => {
    const document = SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
    const routes = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /maintenance/status',
        'POST /maintenance/windows',
        'GET /maintenance/windows',
        'GET /maintenance/windows/{id}',
        'POST /maintenance/windows/{id}/approve',
        'POST /maintenance/windows/{id}/reject',
        'POST /maintenance/windows/{id}/cancel',
        'POST /maintenance/toggle',
        'GET /maintenance/audit',
        'GET /maintenance/audit/verify',
      ]),
    );
    const toggle = document.paths['/maintenance/toggle'].post!;
    expect(toggle.summary).toBeTruthy();
    expect(Object.keys(toggle.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '503']));
    expect(document.components?.schemas?.CreateWindowDto).toBeDefined();
  });
});

describe.each(ADAPTERS)('four eyes with two approvers on %s', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ adapter, database: `workflow-two-${adapter}`, maintenance: { admin: TEST_ADMIN, approvals: { required: 2 } } });
  });
  afterAll(() => t.app.close());

  it('needs two distinct approvers, none of them the requester', async () => {
    const http = () => request(t.server());
    const { body } = await http()
      .post('/maintenance/windows')
      .set(as('alice'))
      .send({ mode: 'full', reason: 'r', startsAt: inMs(60_000) })
      .expect(201);
    const one = await http().post(`/maintenance/windows/${body.id}/approve`).set(as('bob')).send({}).expect(200);
    expect(one.body.status).toBe('pending');
    await http().post(`/maintenance/windows/${body.id}/approve`).set(as('bob')).send({}).expect(409);
    await http().post(`/maintenance/windows/${body.id}/approve`).set(as('alice')).send({}).expect(403);
    const two = await http().post(`/maintenance/windows/${body.id}/approve`).set(as('carol')).send({}).expect(200);
    expect(two.body.status).toBe('approved');
    expect(two.body.approvals.map((a: { approver: string }) => a.approver)).toEqual(['bob', 'carol']);
  });
});

describe.each(ADAPTERS)('admin API without authorize on %s', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ adapter, database: `workflow-closed-${adapter}`, maintenance: {} });
  });
  afterAll(() => t.app.close());

  it('is closed (403) but for the public status route', async () => {
    const http = () => request(t.server());
    const res = await http().post('/maintenance/toggle').set(as('alice')).send({ mode: 'full', reason: 'x' }).expect(403);
    expect(res.body.message).toBe('The maintenance admin API is not enabled on this server.');
    await http().get('/maintenance/windows').set(as('alice')).expect(403);
    await http().get('/maintenance/audit').set(as('alice')).expect(403);
    await http().get('/maintenance/status').expect(200);
  });
});
