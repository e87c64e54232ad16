import { mkdirSync } from 'node:fs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MaintenanceAuditLog, MaintenanceWebhook } from '../lib';
import { createTestApp, TEST_ADMIN, TestApp } from './utils/create-test-app';
import { eventually } from './utils/eventually';
import { prepareSchema } from './utils/schema';
import { Instance, spawnInstance } from './utils/spawn-instance';
import { databaseName, sqliteFile, testDatabaseKind } from './utils/test-database';
import { WebhookReceiver } from './utils/webhook-receiver';

jest.setTimeout(90_000);

const SECRET = 'whsec_' + Buffer.from('a test secret of 32 bytes, ok!!!').toString('base64');
const as = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });
const kind = testDatabaseKind();

describe('webhooks, in one app', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  const http = () => request(t.server());

  beforeAll(async () => {
    receiver = await WebhookReceiver.start(SECRET);
    t = await createTestApp({
      adapter: 'express',
      database: 'webhooks',
      maintenance: {
        refreshIntervalMs: 60_000,
        admin: TEST_ADMIN,
        notify: {
          webhooks: [
            { url: `${receiver.url}/hooks`, secret: SECRET, name: 'ops' },
            { url: `${receiver.url}/slack`, format: 'slack', name: 'chat', events: ['approved', 'toggled'] },
          ],
          pollIntervalMs: 100,
          timeoutMs: 500,
          retry: { firstDelayMs: 100, maxDelayMs: 400 },
        },
      },
    });
  });
  afterAll(async () => {
    await t.app.close();
    await receiver.stop();
  });

  it('POSTs every event in order, signed, with the window, actor and resulting state; Slack gets a sentence', async () => {
    // Down while everything happens: each event is delivered after the later ones were made, and must still carry the
    // state as of itself.
    receiver.down = true;
    const startsAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await http().post('/maintenance/windows').set(as('alice')).send({ mode: 'read-only', reason: 'reindex', startsAt }).expect(201);
    await http().post(`/maintenance/windows/${created.body.id}/approve`).set(as('bob')).send({}).expect(200);
    await http().post('/maintenance/toggle').set(as('carol')).send({ mode: 'full', reason: 'fire' }).expect(200);
    await eventually(
      async () => receiver.received.length,
      (count) => count >= 2,
    );
    // Back while full maintenance is in force: the request and the approval still show the state they happened in.
    receiver.down = false;
    await eventually(
      async () => receiver.acknowledged.filter((webhook) => webhook.path === '/hooks').length,
      (count) => count >= 3,
    );
    await http().post('/maintenance/toggle').set(as('carol')).send({ mode: 'off', reason: 'out' }).expect(200);

    const hooks = await eventually(
      async () => receiver.acknowledged.filter((webhook) => webhook.path === '/hooks'),
      (got) => got.length >= 4,
    );
    expect(hooks.map((webhook) => webhook.json.type)).toEqual(['requested', 'approved', 'toggled', 'toggled']);
    expect(hooks.map((webhook) => (webhook.json.state as { mode: string }).mode)).toEqual(['off', 'off', 'full', 'off']);
    expect(hooks.every((webhook) => webhook.signed)).toBe(true);
    expect(new Set(hooks.map((webhook) => webhook.id)).size).toBe(4);
    expect(hooks[1].json).toMatchObject({ actor: 'bob', window: { id: created.body.id, mode: 'read-only' }, state: { mode: 'off' } });
    expect(hooks[2].json).toMatchObject({ actor: 'carol', state: { mode: 'full' } });

    const slack = await eventually(
      async () => receiver.acknowledged.filter((webhook) => webhook.path === '/slack'),
      (got) => got.length >= 3,
    );
    expect(slack.map((webhook) => Object.keys(webhook.json))).toEqual([['text'], ['text'], ['text']]);
    expect(String(slack[0].json.text)).toContain('bob');

    const status = await eventually(
      () => http().get('/maintenance/webhooks').set(as('ops')).expect(200),
      (answer) => (answer.body as { pending: number; attempts: number }[]).every((row) => row.pending === 0 && row.attempts === 0),
    );
    const last = await t.app.get(DataSource).getRepository(MaintenanceAuditLog).maximum('id');
    expect(status.body).toEqual([
      expect.objectContaining({ name: 'chat', pending: 0, attempts: 0, deliveredUpTo: last }),
      expect.objectContaining({ name: 'ops', pending: 0, attempts: 0, deliveredUpTo: last, lastError: null }),
    ]);
  });

  it('keeps an event through a receiver outage (errors, a timeout), delivers it once, and the next one after it', async () => {
    const before = receiver.received.length;
    receiver.willAnswer('fail', 'fail', 'hang');
    await http().post('/maintenance/toggle').set(as('carol')).send({ mode: 'read-only', reason: 'outage' }).expect(200);
    const failing = await eventually(
      async () => (await http().get('/maintenance/webhooks').set(as('ops'))).body as { name: string; attempts: number; lastError: string }[],
      (rows) => rows.some((row) => row.attempts >= 1),
    );
    expect(failing.find((row) => row.attempts >= 1)?.lastError).toMatch(/HTTP 500|timed out/);
    await http().post('/maintenance/toggle').set(as('carol')).send({ mode: 'off', reason: 'recovered' }).expect(200);

    const settled = await eventually(
      async () => (await http().get('/maintenance/webhooks').set(as('ops'))).body as { pending: number; attempts: number }[],
      (rows) => rows.every((row) => row.pending === 0 && row.attempts === 0),
      { withinMs: 15_000 },
    );
    expect(settled.every((row) => row.pending === 0)).toBe(true);
    const since = receiver.received.slice(before);
    const acknowledged = since.filter((webhook) => webhook.answered === 'ok');
    // Each event acknowledged exactly once, in order, whatever was tried before.
    const ids = acknowledged.map((webhook) => `${webhook.path} ${webhook.id}`);
    expect(new Set(ids).size).toBe(ids.length);
    const hooks = acknowledged.filter((webhook) => webhook.path === '/hooks').map((webhook) => webhook.json.state as { mode: string });
    expect(hooks.map((state) => state.mode)).toEqual(['read-only', 'off']);
    expect(since.filter((webhook) => webhook.answered !== 'ok').length).toBe(3);
  });

  it('refuses bad webhook options by name', async () => {
    await expect(
      createTestApp({ adapter: 'express', database: 'webhooks-bad', maintenance: { notify: { webhooks: [{ url: 'ftp://x', secret: SECRET }] } } }),
    ).rejects.toThrow('notify.webhooks[0].url');
    await expect(
      createTestApp({ adapter: 'express', database: 'webhooks-bad', maintenance: { notify: { webhooks: [{ url: 'https://x.test/h', secret: 'short' }] } } }),
    ).rejects.toThrow('notify.webhooks[0].secret');
  });
});

describe(`webhooks across instances on ${kind}`, () => {
  const NAME = 'webhooks-fleet';
  const file = sqliteFile(NAME);
  let dataSource: DataSource;
  let receiver: WebhookReceiver;
  let instances: Instance[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const instance = await spawnInstance({
      TEST_DB: kind,
      DB_NAME: databaseName(NAME),
      SQLITE_FILE: file,
      REFRESH_MS: '200',
      WEBHOOK_URL: `${receiver.url}/hooks`,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_POLL_MS: '50',
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_RETRY_MS: '100',
      ...env,
    });
    instances.push(instance);
    return instance;
  };
  const webhookRow = () => dataSource.getRepository(MaintenanceWebhook).findOneByOrFail({ name: 'receiver' });

  beforeAll(async () => {
    mkdirSync('.tmp', { recursive: true });
    dataSource = await prepareSchema(NAME, file);
  });
  beforeEach(async () => {
    receiver = await WebhookReceiver.start(SECRET);
    await dataSource.getRepository(MaintenanceWebhook).clear();
  });
  afterEach(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    instances = [];
    await receiver.stop();
  });
  afterAll(() => dataSource.destroy());

  it('delivers an event once through the crash of the instance delivering it', async () => {
    receiver.willAnswer('hang');
    const a = await start();
    await request(a.url).post('/maintenance/toggle').set(as('alice')).send({ mode: 'full', reason: 'crash test' }).expect(200);
    await eventually(
      async () => receiver.received.length,
      (count) => count === 1,
    );
    expect(receiver.received).toHaveLength(1);
    a.process.kill('SIGKILL');
    await instances[0].stop();
    // The lease of the dead instance (timeout + 5 s) runs out; another instance goes on from the last recorded delivery.
    const b = await start();
    const acknowledged = await eventually(
      async () => receiver.acknowledged,
      (got) => got.length >= 1,
      { withinMs: 20_000 },
    );
    expect(acknowledged).toHaveLength(1);
    expect(acknowledged[0].id).toBe(receiver.received[0].id);
    expect(acknowledged[0].signed).toBe(true);
    const last = await dataSource.getRepository(MaintenanceAuditLog).maximum('id');
    await eventually(
      async () => (await webhookRow()).lastAuditId,
      (id) => id === last,
    );
    expect((await webhookRow()).lastAuditId).toBe(last);
    // And it carries on: the next event, once.
    await request(b.url).post('/maintenance/toggle').set(as('alice')).send({ mode: 'off', reason: 'after the crash' }).expect(200);
    await eventually(
      async () => receiver.acknowledged.length,
      (count) => count === 2,
    );
    expect(receiver.acknowledged.map((webhook) => (webhook.json.state as { mode: string }).mode)).toEqual(['full', 'off']);
  });

  it('sends each event exactly once, in order, with two instances racing to deliver', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const toggles = 16;
    for (let i = 0; i < toggles; i++) {
      const target = i % 2 === 0 ? a : b;
      await request(target.url)
        .post('/maintenance/toggle')
        .set(as('alice'))
        .send({ mode: i % 2 === 0 ? 'full' : 'off', reason: `race ${i}` })
        .expect(200);
    }
    const got = await eventually(
      async () => receiver.received,
      (all) => all.length >= toggles,
      { withinMs: 20_000 },
    );
    // Give a duplicate the chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(got.map((webhook) => webhook.answered)).toEqual(Array(toggles).fill('ok'));
    const ids = receiver.received.map((webhook) => webhook.id);
    expect(new Set(ids).size).toBe(toggles);
    const auditIds = ids.map((id) => Number(id.split('_')[1]));
    expect(auditIds).toEqual([...auditIds].sort((x, y) => x - y));
  });
});
