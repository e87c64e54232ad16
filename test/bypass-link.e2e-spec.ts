import request from 'supertest';
import { ADAPTERS, createTestApp, TestApp } from './utils/create-test-app';

const LINK_SECRET = 'open-sesame-for-the-qa-team';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(ADAPTERS)('bypass link on %s', (adapter) => {
  let t: TestApp;
  const http = () => request(t.server());

  beforeAll(async () => {
    t = await createTestApp({ adapter, database: `bypass-link-${adapter}`, maintenance: { bypass: { link: { secret: LINK_SECRET, maxAgeSeconds: 2 } } } });
    await t.maintenance.enable({ mode: 'full', reason: 'link test', actor: 'ops' });
  });
  afterAll(() => t.app.close());

  it('sets a signed, HttpOnly, SameSite cookie with an expiry and redirects to /; the cookie then bypasses', async () => {
    const res = await http().get(`/maintenance/bypass/${LINK_SECRET}`).expect(302);
    expect(res.headers.location).toBe('/');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^nestjs_maintenance_bypass=\d+\.[\w-]+; Max-Age=2; Path=\/; HttpOnly; SameSite=Lax/);
    const cookie = setCookie.split(';')[0];
    await http().get('/items').set('Cookie', cookie).expect(200);
    await http().post('/items').set('Cookie', `theme=dark; ${cookie}`).expect(201);
    await http().get('/items').expect(503);
    const [name, value] = cookie.split('=');
    const [expires, mac] = value.split('.');
    await http()
      .get('/items')
      .set('Cookie', `${name}=${Number(expires) + 3_600_000}.${mac}`)
      .expect(503);
    await sleep(2100);
    await http().get('/items').set('Cookie', cookie).expect(503);
  });

  it('answers 404 to a wrong secret and 429 once a client has failed too often', async () => {
    for (let i = 0; i < 5; i++) await http().get(`/maintenance/bypass/wrong-secret-${i}-xxxxxxxx`).expect(404);
    const limited = await http().get(`/maintenance/bypass/${LINK_SECRET}`).expect(429);
    expect(limited.body.message).toMatch(/Too many/);
  });
});

describe('bypass link behind a TLS-terminating proxy', () => {
  it('marks the cookie Secure when trustProxy says the client used HTTPS', async () => {
    const t = await createTestApp({
      adapter: 'express',
      database: 'bypass-link-tls',
      maintenance: { trustProxy: true, bypass: { link: { secret: LINK_SECRET } } },
    });
    try {
      const https = await request(t.server()).get(`/maintenance/bypass/${LINK_SECRET}`).set('X-Forwarded-Proto', 'https').expect(302);
      expect(String(https.headers['set-cookie'])).toMatch(/; Secure/);
      const http = await request(t.server()).get(`/maintenance/bypass/${LINK_SECRET}`).expect(302);
      expect(String(http.headers['set-cookie'])).not.toMatch(/Secure/);
    } finally {
      await t.app.close();
    }
  });
});

describe('bypass link options', () => {
  it.each([
    [{ secret: 'short' }, /bypass\.link\.secret/],
    [{ secret: LINK_SECRET, redirectTo: 'https://evil.example' }, /bypass\.link\.redirectTo/],
    [{ secret: LINK_SECRET, redirectTo: '//evil.example' }, /bypass\.link\.redirectTo/],
    [{ secret: LINK_SECRET, redirectTo: '/\\evil.example' }, /bypass\.link\.redirectTo/],
  ])('refuses %j at start-up', async (link, message) => {
    await expect(createTestApp({ adapter: 'express', database: 'bypass-link-bad', maintenance: { bypass: { link } } })).rejects.toThrow(message);
  });

  it('answers 404 when no link is configured', async () => {
    const t = await createTestApp({ adapter: 'express', database: 'bypass-link-none' });
    try {
      await request(t.server()).get(`/maintenance/bypass/${LINK_SECRET}`).expect(404);
    } finally {
      await t.app.close();
    }
  });
});
