import { AddressInfo } from 'node:net';
import request from 'supertest';
import { MaintenanceState } from '../lib';
import { ADAPTERS, createTestApp, TEST_ADMIN, TestApp } from './utils/create-test-app';
import { eventually } from './utils/eventually';
import { SseClient } from './utils/sse-client';

const as = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });

async function listening(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

describe.each(ADAPTERS)('the live stream on %s', (adapter) => {
  let t: TestApp;
  let base: string;
  const clients: SseClient[] = [];
  const open = async (headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${base}/maintenance/stream`, headers);
    clients.push(client);
    return client;
  };
  const http = () => request(t.server());

  beforeAll(async () => {
    t = await createTestApp({
      adapter,
      database: `live-stream-${adapter}`,
      maintenance: { refreshIntervalMs: 60_000, admin: TEST_ADMIN, stream: { heartbeatSeconds: 1 } },
    });
    base = await listening(t);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await http().post('/maintenance/toggle').set(as('ops')).send({ mode: 'off', reason: 'reset' }).expect(200);
  });
  afterAll(() => t.app.close());

  it('sends the public state at once, then every change, as GET status shows it', async () => {
    const stream = await open();
    expect(stream.status).toBe(200);
    expect(stream.response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.response.headers['cache-control']).toContain('no-transform');
    const first = await stream.nextState<MaintenanceState>((state) => state.mode === 'off');
    expect(first.id).toMatch(/^[0-9a-f]{16}$/);
    expect(stream.events[0].retry).toBe(3000);

    await http().post('/maintenance/toggle').set(as('alice')).send({ mode: 'full', reason: 'deploy', message: 'Back at <b>ten</b>' }).expect(200);
    const full = await stream.nextState<MaintenanceState>((state) => state.mode === 'full', 2000);
    const status = await http().get('/maintenance/status').expect(200);
    expect(full.state).toEqual(status.body);
    expect(full.state.message).toBe('Back at <b>ten</b>');
    expect(full.id).not.toBe(first.id);
  });

  it('is never blocked, and the clock ends a window on it without any request', async () => {
    const endsAt = new Date(Date.now() + 2500).toISOString();
    await http().post('/maintenance/toggle').set(as('alice')).send({ mode: 'full', reason: 'short', endsAt }).expect(200);
    await http().get('/items').expect(503);
    const stream = await open();
    expect(stream.status).toBe(200);
    await stream.nextState<MaintenanceState>((state) => state.mode === 'full', 1000);
    const off = await stream.nextState<MaintenanceState>((state) => state.mode === 'off', 6000);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(endsAt));
    expect(off.state.until).toBeNull();
  });

  it('with Last-Event-ID naming the state in force sends only heartbeats; with an old one, the state', async () => {
    const first = await open();
    const { id } = await first.nextState(() => true);
    const same = await open({ 'last-event-id': id! });
    await eventually(
      async () => same.comments,
      (comments) => comments.includes('heartbeat'),
      { withinMs: 3000 },
    );
    expect(same.comments).toContain('heartbeat');
    expect(same.events.filter((event) => event.data !== '')).toEqual([]);

    const stale = await open({ 'last-event-id': '0123456789abcdef' });
    const current = await stale.nextState(() => true);
    expect(current.id).toBe(id);
  });

  it('ends its streams when the app closes, instead of keeping it open', async () => {
    const other = await createTestApp({ adapter, database: `live-stream-${adapter}`, keepDatabase: true, maintenance: { admin: TEST_ADMIN } });
    const url = await listening(other);
    const stream = await SseClient.open(`${url}/maintenance/stream`);
    await stream.next();
    const ended = new Promise((resolve) => stream.response.once('end', resolve));
    await other.app.close();
    await ended;
  });
});

describe('the live stream, bounded', () => {
  it('answers 429 beyond stream.maxConnections, and takes a client again once one leaves', async () => {
    const t = await createTestApp({ adapter: 'express', database: 'live-stream-bounded', maintenance: { stream: { maxConnections: 2 } } });
    const base = await listening(t);
    try {
      const url = `${base}/maintenance/stream`;
      const [a, b] = await Promise.all([SseClient.open(url), SseClient.open(url)]);
      const refused = await request(t.server()).get('/maintenance/stream').expect(429);
      expect(refused.headers['retry-after']).toBe('30');
      expect(refused.body.message).toContain('stream.maxConnections');
      a.close();
      const again = await eventually(
        async () => {
          const client = await SseClient.open(url);
          client.close();
          return client.status;
        },
        (status) => status === 200,
        { withinMs: 3000 },
      );
      expect(again).toBe(200);
      b.close();
    } finally {
      await t.app.close();
    }
  });

  it('is not there with stream: false, and the page then keeps its refresh fallback', async () => {
    const t = await createTestApp({ adapter: 'fastify', database: 'live-stream-off', maintenance: { stream: false, admin: TEST_ADMIN } });
    try {
      await request(t.server()).get('/maintenance/stream').expect(404);
    } finally {
      await t.app.close();
    }
  });

  it('refuses bad options by name', async () => {
    await expect(createTestApp({ adapter: 'express', database: 'live-stream-off', maintenance: { stream: { maxConnections: 0 } } })).rejects.toThrow(
      'stream.maxConnections',
    );
  });
});
