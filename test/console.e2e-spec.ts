import { createServer, Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { MaintenanceRequest } from '../lib';
import { ADAPTERS, createTestApp, TestApp } from './utils/create-test-app';
import { launchChromium } from './utils/chromium';
import { eventually } from './utils/eventually';

jest.setTimeout(120_000);

const SCREENSHOTS = join(__dirname, 'screenshots');
const ADMINS = ['alice', 'bob', 'carol'];
/** The host app's own session: a cookie naming the admin (as the sample app's demo sign-in sets). */
const userOf = (req: MaintenanceRequest) => /(?:^|;\s*)user=([a-z]+)/.exec(String(req.headers.cookie ?? ''))?.[1];
const admin = {
  authorize: (req: MaintenanceRequest) => ADMINS.includes(userOf(req) ?? ''),
  actor: (req: MaintenanceRequest) => userOf(req),
};

/** The local value of a `datetime-local` input for `at`, in UTC (the browser contexts run in UTC). */
const localInput = (at: Date) => at.toISOString().slice(0, 16);

async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}

describe('the admin console in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let evil: Server;
  let evilUrl: string;
  const contexts: BrowserContext[] = [];

  const signedIn = async (user: string, options: { phone?: boolean; bypassCSP?: boolean } = {}): Promise<Page> => {
    const context = await browser.newContext({
      timezoneId: 'UTC',
      locale: 'en-GB',
      viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
      bypassCSP: options.bypassCSP ?? false,
    });
    await context.addCookies([{ name: 'user', value: user, url: base }]);
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    return page;
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    t = await createTestApp({ adapter: 'express', database: 'console', maintenance: { refreshIntervalMs: 500, admin } });
    base = await listen(t);
    // Another site, with a form that posts to the console on load: a cross-site request forgery.
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><form id="f" method="post" action="${base}/maintenance/console/toggle">
<input name="mode" value="full"><input name="reason" value="forged"><input name="confirm" value="yes"><input name="_csrf" value="guess"></form>
<script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}/`;
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.app.close();
    evil?.close();
  });

  it('alice requests, bob approves, the window activates, carol cancels, the audit page shows and verifies it all', async () => {
    const alice = await signedIn('alice');
    await alice.goto(`${base}/maintenance/console/windows/new`);
    await alice.selectOption('select[name="mode"]', 'full');
    await alice.fill('[name="reason"]', 'Database upgrade <tonight>');
    await alice.fill('[name="message"]', 'Back in a moment');
    const startsAt = new Date(Date.now() + 8000);
    startsAt.setUTCSeconds(0, 0);
    // datetime-local has minutes: the next whole minute at least 8 s ahead.
    if (startsAt.getTime() < Date.now() + 8000) startsAt.setUTCMinutes(startsAt.getUTCMinutes() + 1);
    await alice.fill('[name="starts"]', localInput(startsAt));
    await alice.fill('[name="ends"]', localInput(new Date(startsAt.getTime() + 3_600_000)));
    await Promise.all([alice.waitForURL(/\/windows\/[0-9a-f-]{36}\?flash=requested$/), alice.click('form[action$="/windows"] [type="submit"]')]);
    const windowUrl = alice.url().replace(/\?.*$/, '');
    await expect(alice.locator('body').textContent()).resolves.toContain('Database upgrade <tonight>');
    // alice cannot approve her own window, and the page says why.
    await expect(alice.locator('#why-no-approve').textContent()).resolves.toContain('someone else must approve');
    expect(await alice.locator('form[action$="/approve"]').count()).toBe(0);
    // Posting the approval anyway (with her valid token) is refused by the same rule as the API.
    const token = await alice.locator('input[name="_csrf"]').first().inputValue();
    const forced = await alice.evaluate(
      async ({ url, csrf }) => {
        const answer = await fetch(`${url}/approve`, { method: 'POST', body: new URLSearchParams({ _csrf: csrf, comment: 'me' }) });
        return { status: answer.status, text: await answer.text() };
      },
      { url: windowUrl, csrf: token },
    );
    expect(forced.status).toBe(403);
    expect(forced.text).toContain('someone else must approve');

    const bob = await signedIn('bob');
    await bob.goto(windowUrl);
    await bob.screenshot({ path: join(SCREENSHOTS, 'console-window-pending-desktop.png'), fullPage: true });
    await bob.fill('form[action$="/approve"] [name="comment"]', 'Go');
    await Promise.all([bob.waitForURL(/flash=approved$/), bob.click('form[action$="/approve"] [type="submit"]')]);
    await expect(bob.locator('[role="status"]').textContent()).resolves.toContain('approved');

    // The window activates by itself: the public page shows it.
    const visitor = await browser.newContext();
    contexts.push(visitor);
    const publicPage = await visitor.newPage();
    const shown = await eventually(
      async () => (await publicPage.goto(`${base}/items`))?.status(),
      (status) => status === 503,
      { withinMs: 90_000, everyMs: 500 },
    );
    expect(shown).toBe(503);
    await expect(publicPage.locator('#message').textContent()).resolves.toBe('Back in a moment');

    const carol = await signedIn('carol');
    await carol.goto(windowUrl);
    await carol.fill('form[action$="/cancel"] [name="reason"]', 'Done early');
    await Promise.all([carol.waitForURL(/flash=cancelled$/), carol.click('form[action$="/cancel"] [type="submit"]')]);
    await expect(carol.locator('body').textContent()).resolves.toContain('cancelled');
    await eventually(
      async () => (await request(t.server()).get('/items')).status,
      (status) => status === 200,
    );

    await carol.goto(`${base}/maintenance/console/audit`);
    await expect(carol.locator('#chain-status').textContent()).resolves.toMatch(/intact/i);
    const audit = (await carol.locator('main').textContent()) ?? '';
    for (const action of ['requested', 'approved', 'activated', 'cancelled']) expect(audit).toContain(action);
    const entries = (await request(t.server()).get('/maintenance/audit').set('cookie', 'user=carol').expect(200)).body.items as { source: string }[];
    expect(entries.some((entry) => entry.source === 'console')).toBe(true);
  });

  it('refuses a forged cross-site form post and changes nothing', async () => {
    const bob = await signedIn('bob');
    await bob.goto(`${base}/maintenance/console`);
    const answer = bob.waitForResponse((response) => response.url().endsWith('/maintenance/console/toggle'));
    await bob.goto(evilUrl);
    expect((await answer).status()).toBe(403);
    expect((await request(t.server()).get('/maintenance/status').expect(200)).body.mode).toBe('off');
  });

  it('switches maintenance on from the emergency toggle, after a confirmation step', async () => {
    const bob = await signedIn('bob');
    await bob.goto(`${base}/maintenance/console/toggle`);
    await bob.selectOption('select[name="mode"]', 'read-only');
    await bob.fill('[name="reason"]', 'Incident 42');
    await bob.click('form[action$="/toggle"] [type="submit"]');
    await expect(bob.locator('main').textContent()).resolves.toMatch(/about to switch/i);
    expect((await request(t.server()).get('/maintenance/status').expect(200)).body.mode).toBe('off');
    await Promise.all([bob.waitForURL(/flash=toggled$/), bob.click('form[action$="/toggle"] [type="submit"]')]);
    expect((await request(t.server()).get('/maintenance/status').expect(200)).body.mode).toBe('read-only');
    await request(t.server()).post('/maintenance/toggle').set('cookie', 'user=bob').send({ mode: 'off', reason: 'reset' }).expect(200);
  });

  it('has no serious accessibility violations, at desktop and phone width (screenshots saved)', async () => {
    const axe = require.resolve('axe-core/axe.min.js');
    const windows = (await request(t.server()).get('/maintenance/windows').set('cookie', 'user=bob').expect(200)).body.items as { id: string }[];
    const pages = {
      overview: '/maintenance/console',
      windows: '/maintenance/console/windows',
      window: `/maintenance/console/windows/${windows[0].id}`,
      request: '/maintenance/console/windows/new',
      toggle: '/maintenance/console/toggle',
      audit: '/maintenance/console/audit',
    };
    for (const phone of [false, true]) {
      const page = await signedIn('bob', { phone, bypassCSP: true });
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(`${base}${path}`);
        await page.addScriptTag({ path: axe });
        const violations = await page.evaluate(async () => {
          const axeRunner = (globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
          const result = await axeRunner.run();
          return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id);
        });
        expect({ page: name, phone, violations }).toEqual({ page: name, phone, violations: [] });
        // Nothing wider than the phone's screen.
        if (phone) {
          const width = await page.evaluate(
            () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
          );
          expect(width).toBeLessThanOrEqual(390);
        }
        await page.screenshot({ path: join(SCREENSHOTS, `console-${name}-${phone ? 'phone' : 'desktop'}.png`), fullPage: true });
      }
    }
  });
});

describe.each(ADAPTERS)('the admin console over HTTP on %s', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ adapter, database: `console-http-${adapter}`, maintenance: { admin } });
  });
  afterAll(() => t.app.close());

  it('serves pages with a strict CSP, and takes only forms carrying the cookie’s token', async () => {
    const page = await request(t.server()).get('/maintenance/console/toggle').set('cookie', 'user=alice').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const setCookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith('nm_console_csrf='))!;
    expect(setCookie).toMatch(/HttpOnly; SameSite=Strict/);
    const token = /nm_console_csrf=([^;]+)/.exec(setCookie)![1];
    expect(page.text).toContain(`value="${token}"`);
    const form = { mode: 'full', reason: 'http', confirm: 'yes' };
    await request(t.server())
      .post('/maintenance/console/toggle')
      .set('cookie', `user=alice; nm_console_csrf=${token}`)
      .type('form')
      .send({ ...form, _csrf: 'x'.repeat(43) })
      .expect(403);
    expect((await request(t.server()).get('/maintenance/status')).body.mode).toBe('off');
    await request(t.server())
      .post('/maintenance/console/toggle')
      .set('cookie', `user=alice; nm_console_csrf=${token}`)
      .type('form')
      .send({ ...form, _csrf: token })
      .expect(303);
    expect((await request(t.server()).get('/maintenance/status')).body.mode).toBe('full');
    await request(t.server()).post('/maintenance/toggle').set('cookie', 'user=alice').send({ mode: 'off', reason: 'reset' }).expect(200);
  });

  it('shows the API’s validation messages on the form, and the admin guard’s refusal as a page', async () => {
    const page = await request(t.server()).get('/maintenance/console/windows/new').set('cookie', 'user=alice').expect(200);
    const token = /nm_console_csrf=([^;]+)/.exec(String(page.headers['set-cookie']))![1];
    const bad = await request(t.server())
      .post('/maintenance/console/windows')
      .set('cookie', `user=alice; nm_console_csrf=${token}`)
      .type('form')
      .send({ _csrf: token, mode: 'full', reason: '', starts: 'soon' })
      .expect(400);
    expect(bad.text).toContain('reason should not be empty');
    expect(bad.text).toContain('startsAt');
    const stranger = await request(t.server()).get('/maintenance/console').set('cookie', 'user=mallory').expect(403);
    expect(stranger.headers['content-type']).toMatch(/text\/html/);
    const anonymous = await request(t.server()).get('/maintenance/console').expect(401);
    expect(anonymous.text).toContain('sign in');
  });

  it('requests a recurring window, changes its message, cancels one occurrence: the API’s actions from forms', async () => {
    const form = await request(t.server()).get('/maintenance/console/windows/new').set('cookie', 'user=alice').expect(200);
    const token = /nm_console_csrf=([^;]+)/.exec(String(form.headers['set-cookie']))![1];
    const as = (user: string) => `user=${user}; nm_console_csrf=${token}`;
    const first = new Date(Date.now() + 2 * 86_400_000);
    const created = await request(t.server())
      .post('/maintenance/console/windows')
      .set('cookie', as('alice'))
      .type('form')
      .send({
        _csrf: token,
        mode: 'read-only',
        reason: 'Nightly reindex',
        starts: first.toISOString().slice(0, 16),
        tz: 'UTC',
        rrule: 'FREQ=DAILY',
        timeZone: 'Europe/Berlin',
        durationMinutes: '30',
      })
      .expect(303);
    const windowPath = String(created.headers.location).replace(/\?.*$/, '');
    const id = windowPath.split('/').pop()!;
    const approved = await request(t.server()).post(`${windowPath}/approve`).set('cookie', as('bob')).type('form').send({ _csrf: token }).expect(303);
    expect(approved.headers.location).toContain('flash=approved');
    const page = await request(t.server()).get(windowPath).set('cookie', as('bob')).expect(200);
    expect(page.text).toContain('What to cancel');
    const next = (await request(t.server()).get(`/maintenance/windows/${id}`).set('cookie', 'user=bob').expect(200)).body.recurrence.next.startsAt as string;

    await request(t.server())
      .post(`${windowPath}/edit`)
      .set('cookie', as('bob'))
      .type('form')
      .send({ _csrf: token, message: 'Search is slow tonight' })
      .expect(303);
    await request(t.server()).post(`${windowPath}/cancel`).set('cookie', as('bob')).type('form').send({ _csrf: token, occurrence: next }).expect(303);
    const after = (await request(t.server()).get(`/maintenance/windows/${id}`).set('cookie', 'user=bob').expect(200)).body;
    expect(after).toMatchObject({ status: 'approved', message: 'Search is slow tonight', recurrence: { cancelled: [next] } });
    const overview = await request(t.server()).get('/maintenance/console').set('cookie', as('bob')).expect(200);
    expect(overview.text).toContain('Instances');
    await request(t.server()).post(`${windowPath}/cancel`).set('cookie', as('bob')).type('form').send({ _csrf: token }).expect(303);
  });

  it('takes hostile query strings without a 500', async () => {
    for (const query of ['flash=constructor', 'flash=__proto__', 'flash=a&flash=b', 'flash[x]=1', `flash=${'%00'.repeat(3)}`]) {
      const page = await request(t.server()).get(`/maintenance/console?${query}`).set('cookie', 'user=alice');
      expect({ query, status: page.status }).toEqual({ query, status: 200 });
      expect(page.text).not.toContain('function Object');
    }
    for (const query of ['status=nope', 'cursor=%ff%fe', 'mode=full&mode=read-only', 'scope=' + 'x'.repeat(5000)]) {
      const page = await request(t.server()).get(`/maintenance/console/windows?${query}`).set('cookie', 'user=alice');
      expect({ query, status: page.status }).toEqual({ query, status: 400 });
    }
    const audit = await request(t.server()).get('/maintenance/console/audit?cursor=99999999999').set('cookie', 'user=alice');
    expect(audit.status).toBe(400);
    await request(t.server()).get('/maintenance/console/windows/not-a-uuid').set('cookie', 'user=alice').expect(400);
  });

  it('is not there with console: false', async () => {
    const off = await createTestApp({ adapter, database: `console-http-${adapter}`, keepDatabase: true, maintenance: { admin, console: false } });
    try {
      await request(off.server()).get('/maintenance/console').set('cookie', 'user=alice').expect(404);
    } finally {
      await off.app.close();
    }
  });
});
