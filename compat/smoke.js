#!/usr/bin/env node
// Drives one compat app (compat/<app>, built, with the packed nestjs-maintenance installed) over HTTP and
// through the package's CLI. Usage: DATABASE_URL=postgres://… node compat/smoke.js <app dir>
// The database must be migrated already. Plain Node (global fetch, child_process), no dependencies.
'use strict';

const { spawn, execFile } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const appDir = path.resolve(process.argv[2] || '.');
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('smoke: DATABASE_URL is not set');
  process.exit(2);
}
const appName = path.basename(appDir);

let app; // the child process
let appLog = '';
let base; // http://127.0.0.1:<port>

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class SmokeFailure extends Error {}
function fail(message) {
  throw new SmokeFailure(message);
}
function expect(condition, message) {
  if (!condition) fail(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One HTTP request; answers { status, headers, body (parsed JSON when it is JSON), text }. */
async function request(method, route, { as, body } = {}) {
  const headers = {};
  if (as) headers['x-admin-user'] = as;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(base + route, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

function describe(response) {
  return `${response.status} ${response.text.slice(0, 300)}`;
}

async function expectStatus(method, route, options, statuses, what) {
  const response = await request(method, route, options);
  const wanted = [].concat(statuses);
  expect(wanted.includes(response.status), `${what}: ${method} ${route} answered ${describe(response)}, expected ${wanted.join(' or ')}`);
  return response;
}

/** Polls until check(response) holds; fails with the last answer after timeoutMs. */
async function pollUntil(method, route, options, check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await request(method, route, options);
    if (check(last)) return last;
    if (Date.now() > deadline) fail(`${what}: still ${method} ${route} → ${describe(last)} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

function runCli(args) {
  const bin = path.join(appDir, 'node_modules', '.bin', 'nestjs-maintenance');
  return new Promise((resolve) => {
    execFile(bin, args, { cwd: appDir, env: process.env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, error });
    });
  });
}

async function expectCli(args, what) {
  const result = await runCli(args);
  expect(
    result.code === 0,
    `${what}: nestjs-maintenance ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
  );
  return result;
}

async function startApp() {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  app = spawn(process.execPath, ['dist/main.js'], {
    cwd: appDir,
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, NO_COLOR: "1" },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout.on('data', (chunk) => (appLog += chunk));
  app.stderr.on('data', (chunk) => (appLog += chunk));
  let exited = null;
  app.on('exit', (code, signal) => (exited = { code, signal }));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) fail(`the app exited during start-up (code ${exited.code}, signal ${exited.signal})`);
    try {
      const response = await request('GET', '/maintenance/status');
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) fail('the app did not answer GET /maintenance/status within 30 s');
    await sleep(200);
  }
}

async function stopApp() {
  if (!app || app.exitCode !== null || app.signalCode !== null) return;
  const exited = new Promise((resolve) => app.once('exit', resolve));
  app.kill('SIGTERM');
  const killed = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!killed) {
    app.kill('SIGKILL');
    await exited;
  }
}

async function toggle(mode, reason) {
  const response = await expectStatus('POST', '/maintenance/toggle', { as: 'alice', body: { mode, reason } }, [200, 201], `toggle ${mode}`);
  expect(response.body && response.body.mode === mode, `toggle ${mode}: the answer names mode ${JSON.stringify(response.body && response.body.mode)}`);
}

const steps = [];
function step(name, fn) {
  steps.push({ name, fn });
}

step('Swagger document lists the admin API with its DTOs', async () => {
  const docs = await expectStatus('GET', '/docs-json', {}, 200, 'Swagger document');
  const paths = (docs.body && docs.body.paths) || {};
  const schemas = (docs.body && docs.body.components && docs.body.components.schemas) || {};
  for (const route of ['/maintenance/toggle', '/maintenance/windows', '/maintenance/windows/{id}/approve', '/maintenance/audit/verify', '/items']) {
    expect(paths[route], `Swagger document: no path ${route} (paths: ${Object.keys(paths).join(', ')})`);
  }
  for (const schema of ['ToggleMaintenanceDto', 'CreateWindowDto', 'MaintenanceStateView', 'MaintenanceWindowView', 'AuditVerificationView']) {
    expect(schemas[schema], `Swagger document: no schema ${schema} (schemas: ${Object.keys(schemas).join(', ')})`);
  }
});

step('emergency toggle: full maintenance answers 503 with Retry-After and X-Maintenance-Mode', async () => {
  await expectStatus('GET', '/items', {}, 200, 'before maintenance');
  await toggle('full', 'compat');
  const blocked = await expectStatus('GET', '/items', {}, 503, 'full maintenance');
  const retryAfter = blocked.headers.get('retry-after');
  expect(retryAfter !== null && /^\d+$/.test(retryAfter) && Number(retryAfter) > 0, `full maintenance: Retry-After is ${JSON.stringify(retryAfter)}, expected a positive number of seconds`);
  const mode = blocked.headers.get('x-maintenance-mode');
  expect(mode === 'full', `full maintenance: X-Maintenance-Mode is ${JSON.stringify(mode)}, expected "full"`);
});

step('read-only: writes 403, reads 200; off: writes 201', async () => {
  await toggle('read-only', 'compat');
  await expectStatus('POST', '/items', { body: { name: 'refused' } }, 403, 'read-only write');
  await expectStatus('GET', '/items', {}, 200, 'read-only read');
  await toggle('off', 'compat done');
  await expectStatus('POST', '/items', { body: { name: 'accepted' } }, 201, 'write after off');
});

step('window: request, four eyes, approval, activation, cancel', async () => {
  const startsAt = new Date(Date.now() + 2_000);
  const endsAt = new Date(Date.now() + 3_600_000);
  const created = await expectStatus(
    'POST',
    '/maintenance/windows',
    { as: 'alice', body: { mode: 'read-only', reason: 'compat window', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() } },
    201,
    'request a window',
  );
  const id = created.body && created.body.id;
  expect(typeof id === 'string', `request a window: no id in ${created.text}`);
  expect(created.body.status === 'pending', `request a window: status ${JSON.stringify(created.body.status)}, expected "pending"`);

  await expectStatus('POST', `/maintenance/windows/${id}/approve`, { as: 'alice', body: {} }, 403, 'the requester approving (four eyes)');
  const approved = await expectStatus('POST', `/maintenance/windows/${id}/approve`, { as: 'bob', body: { comment: 'compat' } }, [200, 201], 'approval by bob');
  // Approved before its start; a machine slow enough to approve after the start sees it active at once.
  const expected = Date.now() < startsAt.getTime() ? ['approved', 'active'] : ['active'];
  expect(expected.includes(approved.body.status), `approval by bob: status ${JSON.stringify(approved.body.status)}, expected ${expected.join(' or ')}`);

  await pollUntil('GET', '/maintenance/status', {}, (r) => r.status === 200 && r.body.mode === 'read-only', 10_000, 'the approved window switching on');
  await expectStatus('POST', '/items', { body: { name: 'refused' } }, 403, 'write during the window');
  // The mode switches from memory at the start; the row reads "active" once a reload has recorded it.
  await pollUntil('GET', `/maintenance/windows/${id}`, { as: 'carol' }, (r) => r.status === 200 && r.body.status === 'active', 10_000, 'the window recorded as active');

  const cancelled = await expectStatus('POST', `/maintenance/windows/${id}/cancel`, { as: 'carol', body: { reason: 'compat over' } }, [200, 201], 'cancel by carol');
  expect(cancelled.body.status === 'cancelled', `cancel by carol: status ${JSON.stringify(cancelled.body.status)}, expected "cancelled"`);
  await pollUntil('GET', '/maintenance/status', {}, (r) => r.status === 200 && r.body.mode === 'off', 5_000, 'maintenance off after the cancel');
  await expectStatus('POST', '/items', { body: { name: 'accepted' } }, 201, 'write after the cancel');
});

async function expectAuditIntact(what) {
  const verify = await expectStatus('GET', '/maintenance/audit/verify', { as: 'carol' }, 200, what);
  const body = verify.body || {};
  expect(body.intact === true && body.firstBrokenId === null, `${what}: the chain is not intact: ${verify.text}`);
  expect(Number.isInteger(body.checked) && body.checked > 0, `${what}: checked ${JSON.stringify(body.checked)} entries, expected some`);
  return body.checked;
}

step('audit chain verifies', async () => {
  await expectAuditIntact('audit verify');
});

step('package CLI against the running app: on → 503, off → 200', async () => {
  await expectCli(['--url', databaseUrl, '--actor', 'ci', 'on', '--reason', 'compat-cli'], 'cli on');
  await pollUntil('GET', '/items', {}, (r) => r.status === 503, 5_000, 'the app seeing the CLI switch maintenance on');
  // The same database through the app's compiled data source file (-d), as the README shows.
  const status = await expectCli(['-d', 'dist/data-source.js', 'status', '--json'], 'cli status -d dist/data-source.js');
  let state;
  try {
    state = JSON.parse(status.stdout);
  } catch {
    fail(`cli status --json printed no JSON: ${status.stdout}`);
  }
  expect(state.mode === 'full', `cli status -d dist/data-source.js: mode ${JSON.stringify(state.mode)}, expected "full" (${status.stdout.trim()})`);
  await expectCli(['--url', databaseUrl, '--actor', 'ci', 'off', '--reason', 'done'], 'cli off');
  await pollUntil('GET', '/items', {}, (r) => r.status === 200, 5_000, 'the app seeing the CLI switch maintenance off');
  await expectAuditIntact('audit verify after the CLI wrote');
});

async function main() {
  let failed = false;
  try {
    await startApp();
    for (const { name, fn } of steps) {
      await fn();
      console.log(`  ok  ${name}`);
    }
  } catch (error) {
    failed = true;
    console.error(`smoke ${appName}: FAILED: ${error instanceof SmokeFailure ? error.message : error && error.stack}`);
  } finally {
    await stopApp();
  }
  if (failed) {
    console.error(`--- app output (last 4000 characters) ---\n${appLog.slice(-4000)}\n--- end of app output ---`);
    process.exit(1);
  }
}

// Never leave the app running behind us.
process.on('exit', () => {
  if (app && app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (app) app.kill('SIGKILL');
    process.exit(130);
  });
}

main();
