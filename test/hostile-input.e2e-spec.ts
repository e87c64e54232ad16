import { INestApplication, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import request from 'supertest';
import { adminSnapshot } from './utils/admin-snapshot';
import { ADAPTERS, createTestApp, TEST_ADMIN, TestApp } from './utils/create-test-app';
import { testDatabaseKind } from './utils/test-database';

const kind = testDatabaseKind();
const as = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });
const FUTURE = '2031-01-01T10:00:00Z';
const LATER = '2031-01-01T11:00:00Z';

/** A JSON text nested `depth` levels deep, as an attacker sends it (JSON.stringify would recurse too). */
const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;

describe.each(ADAPTERS)(`hostile input to the admin API on %s, ${kind}`, (adapter) => {
  let t: TestApp;
  const http = () => request(t.server());

  beforeAll(async () => {
    t = await createTestApp({ adapter, database: `hostile-${adapter}`, maintenance: { admin: TEST_ADMIN, refreshIntervalMs: 60_000 } });
  });
  afterAll(() => t.app.close());

  it.each([
    ['a deeply nested field', () => `{"mode":"full","reason":${nested(10_000)}}`],
    ['a deeply nested unknown field', () => `{"mode":"full","reason":"x","extra":${nested(10_000, '{"a":', '}')}}`],
    ['a nested array as the body', () => nested(10_000)],
  ])('answers 400, not 500, to %s, and changes nothing', async (_case, body) => {
    const before = await adminSnapshot(t);
    const res = await http().post('/maintenance/toggle').set(as('alice')).set('content-type', 'application/json').send(body());
    expect(res.status).toBe(400);
    expect(await adminSnapshot(t)).toEqual(before);
  });

  it.each([
    ['reason', '/maintenance/toggle', { mode: 'full', reason: 'a\u0000b' }],
    ['message', '/maintenance/toggle', { mode: 'full', reason: 'r', message: 'm\u0000' }],
    ['reason', '/maintenance/windows', { mode: 'full', reason: 'bell\u0007', startsAt: FUTURE, endsAt: LATER }],
    ['message', '/maintenance/windows', { mode: 'full', reason: 'r', message: 'esc\u001b[31m', startsAt: FUTURE, endsAt: LATER }],
  ])('refuses a control character in %s with a 400 naming it (%s), on every database alike', async (field, path, body) => {
    const before = await adminSnapshot(t);
    const res = await http().post(path).set(as('alice')).send(body);
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${field} must not contain control characters`))]));
    expect(await adminSnapshot(t)).toEqual(before);
  });

  it('takes null for an optional date as not given (found by the fuzz suite: it was a 500)', async () => {
    const res = await http().post('/maintenance/windows').set(as('alice')).send({ mode: 'full', reason: 'r', startsAt: null, endsAt: null });
    expect(res.status).toBe(201);
    expect(res.body.endsAt).toBeNull();
    await http().post(`/maintenance/windows/${res.body.id}/cancel`).set(as('alice')).send({}).expect(200);
  });

  it('keeps tabs and line breaks in text exactly as sent', async () => {
    const message = 'Line one\n\tLine two\r\nLine three — ünïcödé ✓';
    const res = await http()
      .post('/maintenance/windows')
      .set(as('alice'))
      .send({ mode: 'full', reason: 'Tabs\tand\nbreaks', message, startsAt: FUTURE, endsAt: LATER });
    expect(res.status).toBe(201);
    const read = await http().get(`/maintenance/windows/${res.body.id}`).set(as('alice')).expect(200);
    expect(read.body).toMatchObject({ reason: 'Tabs\tand\nbreaks', message });
  });

  it('applies the same rules to what code and the CLI pass to the service', async () => {
    const before = await adminSnapshot(t);
    await expect(t.maintenance.enable({ mode: 'full', reason: 'nul\u0000', actor: 'code' })).rejects.toMatchObject({
      response: { statusCode: 400, message: [expect.stringMatching(/^reason must not contain control characters/)] },
    });
    await expect(t.maintenance.requestWindow({ mode: 'full', reason: 'r', startsAt: new Date(Date.UTC(1969, 0, 1)) }, { actor: 'code' })).rejects.toMatchObject(
      { response: { statusCode: 400, message: [expect.stringMatching(/^startsAt must be between 1970/)] } },
    );
    expect(await adminSnapshot(t)).toEqual(before);
  });

  it('refuses a control character in an audit filter with a 400, never a 503', async () => {
    const res = await http().get('/maintenance/audit').query({ actor: 'al\u0000ice' }).set(as('alice'));
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^actor must not contain control characters/)]));
  });

  it.each(['2147483648', '999999999999999', '0'])('refuses an audit cursor outside the id column (%s) with a 400 naming it', async (cursor) => {
    const res = await http().get('/maintenance/audit').query({ cursor }).set(as('alice'));
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^cursor /)]));
  });

  it.each(['0050-06-15T12:00:00Z', '0000-01-01T00:00:00Z', '1969-12-31T23:59:59Z'])(
    'refuses a date before 1970 (%s) with a 400 naming the field and the range, never shifting it',
    async (startsAt) => {
      const before = await adminSnapshot(t);
      const res = await http().post('/maintenance/windows').set(as('alice')).send({ mode: 'full', reason: 'r', startsAt });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(
        expect.arrayContaining([expect.stringMatching(/^startsAt must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z/)]),
      );
      expect(await adminSnapshot(t)).toEqual(before);
    },
  );

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'])(
    'refuses the prototype-style key %s in a body and in a query string, as any unknown field',
    async (key) => {
      const before = await adminSnapshot(t);
      const body = `{"mode":"full","reason":"r",${JSON.stringify(key)}:{"polluted":true}}`;
      const res = await http().post('/maintenance/toggle').set(as('alice')).set('content-type', 'application/json').send(body);
      expect(res.status).toBe(400);
      // Fastify's JSON parser refuses __proto__ itself (prototype-poisoning protection): a 400 all the same.
      if (!(adapter === 'fastify' && key === '__proto__')) {
        expect(res.body.message).toEqual(expect.arrayContaining([`property ${key} should not exist`]));
      }
      const query = await http()
        .get(`/maintenance/windows?${encodeURIComponent(key)}=1`)
        .set(as('alice'));
      expect(query.status).toBe(400);
      expect(query.body.message).toEqual(expect.arrayContaining([`property ${key} should not exist`]));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await adminSnapshot(t)).toEqual(before);
    },
  );
});

describe.each(ADAPTERS)(`the admin API under the host app's global ValidationPipe on %s, ${kind}`, (adapter) => {
  const PIPES: [string, ValidationPipeOptions | null][] = [
    ['none', null],
    ['whitelist', { whitelist: true }],
    ['whitelist + forbidNonWhitelisted', { whitelist: true, forbidNonWhitelisted: true }],
    ['transform', { transform: true }],
    ['whitelist + transform + validateCustomDecorators', { whitelist: true, transform: true, validateCustomDecorators: true }],
  ];

  it.each(PIPES)('refuses a misspelled field with the pipe %s, and accepts the right one', async (name, pipe) => {
    const t = await createTestApp({
      adapter,
      database: `hostile-pipes-${adapter}-${name.replace(/\W+/g, '-')}`,
      maintenance: { admin: TEST_ADMIN, refreshIntervalMs: 60_000 },
      configure: (app: INestApplication) => {
        if (pipe) app.useGlobalPipes(new ValidationPipe(pipe));
      },
    });
    try {
      const http = () => request(t.server());
      const misspelled = await http().post('/maintenance/toggle').set(as('alice')).send({ mode: 'full', reason: 'r', endAt: LATER });
      expect(misspelled.status).toBe(400);
      expect(misspelled.body.message).toEqual(expect.arrayContaining(['property endAt should not exist']));
      expect(t.maintenance.getState().mode).toBe('off');
      const query = await http().get('/maintenance/windows').query({ staus: 'pending' }).set(as('alice'));
      expect(query.status).toBe(400);
      const right = await http().post('/maintenance/toggle').set(as('alice')).send({ mode: 'full', reason: 'r', endsAt: LATER });
      expect(right.status).toBe(200);
      expect(t.maintenance.getState()).toMatchObject({ mode: 'full', until: new Date(LATER).toISOString() });
      const list = await http().get('/maintenance/windows').query({ limit: '2', status: 'active' }).set(as('alice')).expect(200);
      expect(list.body.items).toHaveLength(1);
    } finally {
      await t.app.close();
    }
  });
});
