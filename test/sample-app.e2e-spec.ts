import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './utils/chromium';
import request from 'supertest';
import { eventually, untilStatus } from './utils/eventually';
import { sqliteFile } from './utils/test-database';

/**
 * The sample app as a user runs it (`npm start`): compiled with sample-app/tsconfig.json, started as a
 * process of its own on a SQLite file, driven by the real CLI and by Debian's Chromium through
 * playwright-core. The sample app is SQLite only, so every leg of the e2e matrix runs this on SQLite.
 *
 * Chromium is not optional: when it is missing the browser tests fail (CI installs it in .ci/run).
 */
const ROOT = join(__dirname, '..');
// A folder of this run's own inside the repository (node_modules resolves; .tmp/ is git-ignored), so a
// developer's sample-app/dist and other runs of the matrix are left alone.
const BUILD = join(ROOT, '.tmp', `sample-app-e2e-${process.pid}`);
const APP_MAIN = join(BUILD, 'sample-app', 'src', 'main.js');
const CLI_MAIN = join(BUILD, 'lib', 'cli', 'main.js');
const SCREENSHOTS = join(__dirname, 'screenshots');
/** The sample app's refreshIntervalMs: a change made by the CLI shows within about one interval. */
const APP_REFRESH_MS = 1000;
/** How long the app may take to see a change: fifteen reloads, slack for a busy machine. */
const seenByTheApp = { withinMs: 15 * APP_REFRESH_MS, everyMs: 100 };
const START_TIMEOUT_MS = 30_000;
const COMMAND_TIMEOUT_MS = 30_000;
const ADMIN = 'alice';

jest.setTimeout(60_000);

/** The sample app in a child process; `ready` resolves with its URL once it listens. */
interface SampleApp {
  ready: Promise<string>;
  output(): string;
  stop(): Promise<void>;
}

/** Environment without the developer's settings that would change what the sample app or the CLI does. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['PORT', 'HOST', 'BYPASS_IPS', 'SUPERUSER_TOKEN', 'MAINTENANCE_DATABASE_URL', 'MAINTENANCE_AUDIT_KEY', 'MAINTENANCE_APPROVALS_REQUIRED']) {
    delete env[key];
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

function startSampleApp(database: string): SampleApp {
  const child: ChildProcess = spawn(process.execPath, [APP_MAIN], {
    cwd: ROOT,
    env: cleanEnv({ PORT: '0', HOST: '127.0.0.1', SAMPLE_DATABASE: database }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000));
  child.stderr!.on('data', keep);
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sample app did not start within ${START_TIMEOUT_MS} ms:\n${log}`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`sample app exited with ${code} before listening:\n${log}`));
    };
    child.once('exit', onExit);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      keep(Buffer.from(`${line}\n`));
      const match = /Sample app on (http:\/\/\S+)/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(match[1]);
    });
  });
  ready.catch(() => undefined); // reported through beforeAll; never an unhandled rejection
  return {
    ready,
    output: () => log,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The compiled `nestjs-maintenance` bin against the sample app's SQLite file. */
function cli(database: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, '--url', `sqlite:${database}`, ...args], { cwd: ROOT, env: cleanEnv({}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** An end time on a whole minute, so the page's UTC fallback text is predictable. */
function wholeMinuteFromNow(minutes: number): Date {
  const date = new Date(Date.now() + minutes * 60_000);
  date.setUTCSeconds(0, 0);
  return date;
}

describe('the sample app, started like `npm start`, on SQLite', () => {
  const database = sqliteFile('sample-app');
  let app: SampleApp | undefined;
  let baseUrl: string;
  const http = () => request(baseUrl);
  const run = (...args: string[]) => cli(database, args);
  const getItems = async () => http().get('/items').set('Accept', 'application/json');
  const itemsStatus = async () => (await getItems()).status;

  /** The emergency switch over HTTP, as an admin; it takes effect in the app at once. */
  async function toggle(body: { mode: 'full' | 'read-only' | 'off'; reason: string; message?: string; endsAt?: string }) {
    const response = await http().post('/maintenance/toggle').set('x-admin-user', ADMIN).send(body);
    expect(response.status).toBe(200);
    expect(response.body.mode).toBe(body.mode);
  }

  beforeAll(async () => {
    rmSync(BUILD, { recursive: true, force: true });
    // `npm run build:sample`, into this run's folder. tsc reports type errors on stdout: show them.
    await promisify(execFile)(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'sample-app/tsconfig.json', '--outDir', BUILD], {
      cwd: ROOT,
    }).catch((error: Error & { stdout?: string }) => {
      throw new Error(`building the sample app failed:\n${error.stdout ?? ''}${error.message}`);
    });
    app = startSampleApp(database);
    baseUrl = await app.ready;
    await http().get('/health').expect(200);
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(BUILD, { recursive: true, force: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
  });

  it('the CLI switches the running app on and off through the shared SQLite file', async () => {
    await toggle({ mode: 'off', reason: 'test start' });
    expect(await itemsStatus()).toBe(200);

    const on = await run('--actor', 'ops', 'on', '--reason', 'deploy');
    expect(on).toMatchObject({ code: 0, stderr: '' });
    // The app learns of the CLI's write by polling: within its refresh interval, with slack for a busy machine.
    await untilStatus(getItems, 503, seenByTheApp);
    const blocked = await http().get('/items').set('Accept', 'application/json');
    expect(blocked.status).toBe(503);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.headers['x-maintenance-mode']).toBe('full');
    expect(blocked.body).toMatchObject({ statusCode: 503, mode: 'full' });

    const off = await run('--actor', 'ops', 'off', '--reason', 'done');
    expect(off).toMatchObject({ code: 0, stderr: '' });
    await untilStatus(getItems, 200, seenByTheApp);

    const status = await run('status', '--json');
    expect(status).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(status.stdout)).toMatchObject({ mode: 'off', until: null });
  });

  it('pauses its scheduled report job while maintenance is in force (GET /jobs says so, and is never blocked)', async () => {
    await toggle({ mode: 'off', reason: 'test start' });
    const jobs = async () => (await http().get('/jobs').expect(200)).body as { runs: number; lastRunAt: string | null; paused: boolean };
    // @Interval(5000): the first run comes within about five seconds of the start, and is logged.
    const ran = await eventually(jobs, (body) => body.runs > 0, { withinMs: 15_000, everyMs: 250 });
    expect(ran).toMatchObject({ runs: expect.any(Number), lastRunAt: expect.any(String), paused: false });
    expect(app!.output()).toMatch(/\[report job\] ran \(#1\)/);

    await toggle({ mode: 'full', reason: 'jobs test' });
    expect(await jobs()).toMatchObject({ paused: true });
    await toggle({ mode: 'off', reason: 'jobs test done' });
    expect(await jobs()).toMatchObject({ paused: false });
  });

  it('signs a demo admin in with a cookie that opens the admin console', async () => {
    await http().get('/maintenance/console').expect(401);
    const signIn = await http().post('/demo/sign-in').type('form').send({ user: 'bob' }).expect(303);
    expect(signIn.headers.location).toBe('/maintenance/console');
    const cookie = ([] as string[]).concat(signIn.headers['set-cookie'] ?? []).find((value) => value.startsWith('demo_user=bob'));
    expect(cookie).toMatch(/HttpOnly/);
    const consolePage = await http().get('/maintenance/console').set('cookie', 'demo_user=bob').expect(200);
    expect(consolePage.text).toMatch(/Signed in as[\s\S]*bob/);
    await http().post('/demo/sign-in').type('form').send({ user: 'mallory' }).expect(303);
    expect((await http().get('/demo/sign-in').expect(200)).text).toContain('alice');
  });

  it('documents in its OpenAPI document the 503 and read-only 403 every route can answer (withMaintenanceResponses)', async () => {
    const document = (await http().get('/docs-json').expect(200)).body;
    expect(document.paths['/items'].get.responses['503'].headers['Retry-After']).toBeDefined();
    expect(document.paths['/items'].post.responses['403'].content['application/json'].example).toMatchObject({ mode: 'read-only' });
    expect(document.paths['/health'].get.responses['503']).toBeUndefined();
    // The admin API's errors show real bodies with the demo admins' vocabulary.
    const approve = document.paths['/maintenance/windows/{id}/approve'].post.responses['403'].content['application/json'].examples;
    expect(Object.values(approve).map((example) => (example as { value: { message: string } }).value.message)).toContain(
      'You requested this window; someone else must approve it (four-eyes rule).',
    );
  });

  describe('in Chromium', () => {
    let browser: Browser | undefined;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      browser = await launchChromium();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    beforeEach(async () => {
      // A fixed locale and a time zone with a half-hour offset make "turned into local time" visible.
      context = await browser!.newContext({ locale: 'en-GB', timezoneId: 'Asia/Kolkata', viewport: { width: 1024, height: 700 } });
      page = await context.newPage();
    });

    afterEach(async () => {
      await context?.close();
    });

    it('shows the full-maintenance page: 503, the message, the end in local time, a retry hint, nothing external', async () => {
      const until = wholeMinuteFromNow(120);
      const message = `We're upgrading <b>checkout</b> & payments.`;
      await toggle({ mode: 'full', reason: 'browser test', message, endsAt: until.toISOString() });
      await untilStatus(getItems, 503, seenByTheApp);

      const requests: string[] = [];
      page.on('request', (sent) => requests.push(sent.url()));
      const response = await page.goto(`${baseUrl}/items`);
      expect(response!.status()).toBe(503);
      expect(response!.headers()['content-type']).toMatch(/^text\/html/);
      expect(Number(response!.headers()['retry-after'])).toBeGreaterThan(0);

      expect(await page.locator('html').getAttribute('lang')).toBeTruthy();
      expect(await page.title()).toBe('Down for maintenance');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Down for maintenance');
      // Escaped, shown as text: no <b> element made it into the page.
      expect(await page.locator('#message').textContent()).toBe(message);
      expect(await page.locator('#message b').count()).toBe(0);

      const time = page.locator('time');
      expect(await time.getAttribute('datetime')).toBe(until.toISOString());
      const utcFallback = `${until.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      const localClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(until);
      const shown = (await time.textContent())!;
      expect(shown).not.toBe(utcFallback);
      expect(shown).not.toContain('UTC');
      expect(shown).toContain(localClock);
      expect(shown).toMatch(/GMT\+5:30|IST/); // the zone is named
      expect(await page.locator('main').innerText()).toMatch(/try again in about (2 hours|1\d\d minutes)/i);

      // Only the page itself and its live stream: no fonts, styles, scripts or images from anywhere (a favicon probe, if
      // any, is same-origin).
      expect(requests.filter((url) => !url.endsWith('/favicon.ico'))).toEqual([`${baseUrl}/items`, `${baseUrl}/maintenance/stream`]);
      expect(requests.every((url) => url.startsWith(`${baseUrl}/`))).toBe(true);
      await page.screenshot({ path: join(SCREENSHOTS, 'maintenance-page.png'), fullPage: true });

      // Readable without JavaScript: the UTC fallback stays.
      const noJs = await browser!.newContext({ javaScriptEnabled: false, locale: 'en-GB', colorScheme: 'dark', viewport: { width: 390, height: 760 } });
      try {
        const plain = await noJs.newPage();
        expect((await plain.goto(`${baseUrl}/items`))!.status()).toBe(503);
        expect(await plain.locator('time').textContent()).toBe(utcFallback);
        expect(await plain.locator('#message').textContent()).toBe(message);
        await plain.screenshot({ path: join(SCREENSHOTS, 'maintenance-page-dark-mobile-nojs.png'), fullPage: true });
      } finally {
        await noJs.close();
      }
    });

    it('answers a form post in read-only mode with a readable 403 page', async () => {
      await toggle({ mode: 'read-only', reason: 'browser test', message: 'Saving is paused while we migrate the database.' });
      await untilStatus(async () => http().post('/items').send({ name: 'x' }), 403, seenByTheApp);

      // The form sits on a page of the app (/items?view=form), so the browser sends that page as Referer.
      await page.goto(`${baseUrl}/items?view=form`);
      await page.setContent(
        `<!doctype html><html lang="en"><title>Shop</title><form method="post" action="${baseUrl}/items">` +
          `<label>Name <input name="name" value="Widget"></label><button type="submit">Save</button></form></html>`,
      );
      const posted = page.waitForResponse((response) => response.url() === `${baseUrl}/items` && response.request().method() === 'POST');
      await page.getByRole('button', { name: 'Save' }).click();
      const response = await posted;
      await page.waitForLoadState();
      expect(response.status()).toBe(403);
      expect(response.headers()['content-type']).toMatch(/^text\/html/);
      expect(page.url()).toBe(`${baseUrl}/items`);
      expect(await page.title()).toMatch(/read-only/i);
      const text = await page.locator('main').innerText();
      expect(text).toContain('Saving is paused while we migrate the database.');
      expect(text).toMatch(/your change was not saved/i);
      await page.screenshot({ path: join(SCREENSHOTS, 'read-only-page.png'), fullPage: true });

      // "Go back" leads to the form's page; reads still work in read-only mode, in the browser too.
      const back = page.waitForResponse((response) => response.request().method() === 'GET' && response.url().startsWith(`${baseUrl}/items`));
      await page.getByRole('link', { name: 'Go back' }).click();
      expect((await back).status()).toBe(200);
      expect(page.url()).toBe(`${baseUrl}/items?view=form`);
    });

    it('switches maintenance off from Swagger UI, authorized as a demo admin', async () => {
      await toggle({ mode: 'full', reason: 'browser test', message: 'Back soon.' });
      expect(await itemsStatus()).toBe(503);

      // /docs is a bypassed path: the admin can reach Swagger UI during full maintenance.
      expect((await page.goto(`${baseUrl}/docs`))!.status()).toBe(200);
      await page.getByRole('button', { name: 'Authorize' }).first().click();
      const dialog = page.locator('.modal-ux');
      await dialog.getByLabel('Value:').fill(ADMIN);
      await dialog.getByRole('button', { name: 'Apply credentials' }).click();
      await dialog.getByText('Authorized', { exact: true }).waitFor();
      await dialog.getByRole('button', { name: 'Close' }).click();

      const operation = page.locator('.opblock', { has: page.locator('[data-path="/maintenance/toggle"]') });
      await operation.locator('.opblock-summary-control').click();
      await operation.getByRole('button', { name: 'Try it out' }).click();
      await operation.locator('textarea.body-param__text').fill(JSON.stringify({ mode: 'off', reason: 'from swagger' }, null, 2));
      const sent = page.waitForRequest((req) => req.url() === `${baseUrl}/maintenance/toggle` && req.method() === 'POST');
      await operation.getByRole('button', { name: 'Execute' }).click();
      expect((await sent).headers()['x-admin-user']).toBe(ADMIN);

      const live = operation.locator('.live-responses-table tbody .response-col_status');
      await live.first().waitFor();
      expect((await live.first().textContent())!.trim()).toBe('200');
      expect(await operation.locator('.live-responses-table tbody .response-col_description').first().innerText()).toContain('"mode": "off"');
      await operation.scrollIntoViewIfNeeded();
      await operation.screenshot({ path: join(SCREENSHOTS, 'swagger-toggle-off.png') });

      await untilStatus(getItems, 200, seenByTheApp);
      const audit = await http().get('/maintenance/audit').set('x-admin-user', ADMIN).expect(200);
      expect(JSON.stringify(audit.body)).toContain('from swagger');
    });
  });
});
