import { AddressInfo } from 'node:net';
import { Browser } from 'playwright-core';
import request from 'supertest';
import { BUILT_IN_TEXTS } from '../lib';
import { createTestApp, TEST_ADMIN, TestApp } from './utils/create-test-app';
import { launchChromium } from './utils/chromium';

jest.setTimeout(60_000);

const as = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });

describe('the maintenance page in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    t = await createTestApp({ adapter: 'express', database: 'live-page', maintenance: { refreshIntervalMs: 60_000, admin: TEST_ADMIN, refreshPage: true } });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  }, 60_000);
  afterEach(() => request(t.server()).post('/maintenance/toggle').set(as('ops')).send({ mode: 'off', reason: 'reset' }).expect(200));
  afterAll(async () => {
    await browser?.close();
    await t?.app.close();
  });

  it('reloads itself over the live stream the moment the window ends, without polling', async () => {
    const endsAt = new Date(Date.now() + 4000).toISOString();
    await request(t.server()).post('/maintenance/toggle').set(as('alice')).send({ mode: 'full', reason: 'deploy', endsAt }).expect(200);
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (sent) => requested.push(new URL(sent.url()).pathname));
    try {
      const first = await page.goto(`${base}/items`);
      expect(first?.status()).toBe(503);
      await expect(page.locator('h1').textContent()).resolves.toBe(BUILT_IN_TEXTS.en.fullTitle);
      // The no-JavaScript fallback is there, but only inside <noscript>: with JavaScript the stream decides.
      expect(await page.content()).toMatch(/<noscript><meta http-equiv="refresh" content="\d+"><\/noscript>/);
      const reloaded = page.waitForResponse((response) => new URL(response.url()).pathname === '/items' && response.status() === 200, { timeout: 15_000 });
      await reloaded;
      const left = Date.now();
      expect(left).toBeGreaterThanOrEqual(Date.parse(endsAt));
      expect(left - Date.parse(endsAt)).toBeLessThan(3000);
      await expect(page.locator('body').textContent()).resolves.toContain('"items"');
      // One page load, one stream, one reload: no polling in between.
      expect(requested.filter((path) => path === '/items')).toHaveLength(2);
      expect(requested.filter((path) => path === '/maintenance/stream').length).toBeGreaterThanOrEqual(1);
    } finally {
      await context.close();
    }
  });

  it('speaks German to a German browser, with lang set and a German date', async () => {
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    await request(t.server()).post('/maintenance/toggle').set(as('alice')).send({ mode: 'full', reason: 'deploy', endsAt }).expect(200);
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    const page = await context.newPage();
    try {
      const response = await page.goto(`${base}/items`);
      expect(response?.status()).toBe(503);
      expect(response?.headers()['content-language']).toBe('de');
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');
      await expect(page.locator('h1').textContent()).resolves.toBe(BUILT_IN_TEXTS.de.fullTitle);
      await expect(page.locator('#message').textContent()).resolves.toBe(BUILT_IN_TEXTS.de.fullMessage);
      const shown = await page.locator('#until').textContent();
      const month = new Intl.DateTimeFormat('de-DE', { month: 'short', timeZone: 'Europe/Berlin' }).format(new Date(endsAt));
      expect(shown).toContain(month);
    } finally {
      await context.close();
    }
  });
});

describe('refusals in the visitor’s language', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ adapter: 'fastify', database: 'live-page-json', maintenance: { admin: TEST_ADMIN } });
  });
  afterAll(() => t.app.close());

  it('answers JSON with a code clients can translate, and the message in the language asked for', async () => {
    await request(t.server()).post('/maintenance/toggle').set(as('alice')).send({ mode: 'read-only', reason: 'x' }).expect(200);
    const plain = await request(t.server()).post('/items').send({}).expect(403);
    expect(plain.body).toMatchObject({ code: 'READ_ONLY', mode: 'read-only', message: BUILT_IN_TEXTS.en.readOnlyMessage });
    // Not negotiated: the first language, without a header saying so.
    expect(plain.headers['content-language']).toBeUndefined();
    const english = await request(t.server()).post('/items').set('accept-language', 'en-GB').send({}).expect(403);
    expect(english.body.message).toBe(BUILT_IN_TEXTS.en.readOnlyMessage);
    expect(english.headers['content-language']).toBe('en');
    const french = await request(t.server()).post('/items').set('accept-language', 'fr-CH, fr;q=0.9, en;q=0.5').send({}).expect(403);
    expect(french.body).toMatchObject({ code: 'READ_ONLY', message: BUILT_IN_TEXTS.fr.readOnlyMessage });
    expect(french.headers['content-language']).toBe('fr');
    await request(t.server()).post('/maintenance/toggle').set(as('alice')).send({ mode: 'full', reason: 'x', message: 'Back at ten' }).expect(200);
    const spanish = await request(t.server()).get('/items').set('accept-language', 'es').expect(503);
    // A window's own message is said as written (it has no Spanish translation).
    expect(spanish.body).toMatchObject({ code: 'MAINTENANCE', message: 'Back at ten' });
    await request(t.server()).post('/maintenance/toggle').set(as('alice')).send({ mode: 'off', reason: 'x' }).expect(200);
  });

  it('says a window’s translated message to those who ask for its language, and shows the translations in the status', async () => {
    await request(t.server())
      .post('/maintenance/toggle')
      .set(as('alice'))
      .send({ mode: 'full', reason: 'x', message: 'Back at ten', translations: { de: 'Um zehn zurück', 'fr-CA': 'De retour à dix heures' } })
      .expect(200);
    const german = await request(t.server()).get('/items').set('accept-language', 'de-AT, de;q=0.9').expect(503);
    expect(german.body).toMatchObject({ code: 'MAINTENANCE', message: 'Um zehn zurück' });
    const french = await request(t.server()).get('/items').set('accept-language', 'fr').expect(503);
    expect(french.body.message).toBe('De retour à dix heures');
    const page = await request(t.server()).get('/items').set('accept', 'text/html').set('accept-language', 'de').expect(503);
    expect(page.text).toContain('<html lang="de">');
    expect(page.text).toContain('Um zehn zurück');
    const status = await request(t.server()).get('/maintenance/status').expect(200);
    expect(status.body).toMatchObject({ message: 'Back at ten', translations: { de: 'Um zehn zurück', 'fr-CA': 'De retour à dix heures' } });

    // Changed at once, as the message is.
    const windows = await request(t.server()).get('/maintenance/windows').query({ status: 'active' }).set(as('ops')).expect(200);
    const id = windows.body.items[0].id;
    await request(t.server())
      .patch(`/maintenance/windows/${id}`)
      .set(as('ops'))
      .send({ translations: { de: 'Um elf zurück' } })
      .expect(200);
    expect((await request(t.server()).get('/items').set('accept-language', 'de').expect(503)).body.message).toBe('Um elf zurück');
    await request(t.server()).post('/maintenance/toggle').set(as('alice')).send({ mode: 'off', reason: 'x' }).expect(200);
  });

  it('refuses bad translations with a 400 naming the entry', async () => {
    const bad = await request(t.server())
      .post('/maintenance/toggle')
      .set(as('alice'))
      .send({ mode: 'full', reason: 'x', translations: { 'not a tag': 'x', de: 'a\u0000b', fr: 7 } })
      .expect(400);
    const messages = ([] as string[]).concat(bad.body.message).join(' | ');
    expect(messages).toContain('not a tag');
    expect(messages).toMatch(/translations\.(de|fr)/);
    const nested = await request(t.server())
      .post('/maintenance/toggle')
      .set(as('alice'))
      .send({ mode: 'full', reason: 'x', translations: { de: { deep: 'x' } } })
      .expect(400);
    expect(([] as string[]).concat(nested.body.message).join(' ')).toContain('translations.de');
    expect((await request(t.server()).get('/maintenance/status').expect(200)).body.mode).toBe('off');
  });
});
