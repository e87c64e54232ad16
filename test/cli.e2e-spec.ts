import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MESSAGES } from '../lib/maintenance.messages';
import { createTestApp, TestApp } from './utils/create-test-app';
import { eventually, untilStatus } from './utils/eventually';
import { resetTestDatabase, sqliteFile, testDatabaseKind, testDatabaseOptions } from './utils/test-database';

/**
 * The real `nestjs-maintenance` bin, compiled with the package's build config and run as a child process,
 * against the database a real Nest app uses at the same time. Nothing is mocked.
 */
const ROOT = join(__dirname, '..');
// The published bin, built into dist/ by the e2e global set-up (test/global-setup.js).
const MAIN = join(ROOT, 'dist', 'cli', 'main.js');
// A folder of this run's own for data source files, inside the repository so they resolve node_modules; .tmp/ is ignored by git.
const BUILD = join(ROOT, '.tmp', `cli-e2e-${process.pid}`);
const NAME = 'cli';
const kind = testDatabaseKind();
/** The app polls this often; the CLI's changes must show within a few intervals. */
const APP_REFRESH_MS = 200;
/** How long the app may take to see what the CLI wrote: twenty reloads. */
const seenByTheApp = { withinMs: 20 * APP_REFRESH_MS, everyMs: APP_REFRESH_MS / 4 };
const COMMAND_TIMEOUT_MS = 30_000;

// Every test spawns the bin a few times; each run starts Node, Nest and TypeORM (about a second here).
jest.setTimeout(90_000);

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin with a clean environment: no connection or key leaks in from the developer's shell. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const inherited = { ...process.env };
  for (const key of ['MAINTENANCE_DATABASE_URL', 'MAINTENANCE_AUDIT_KEY', 'MAINTENANCE_APPROVALS_REQUIRED']) delete inherited[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { ...inherited, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A data source file as an app would ship it: its own entities glob and synchronize on, which the CLI must ignore. */
function writeDataSourceFile(file: string, options: Record<string, unknown>, format: 'cjs' | 'esm'): string {
  const typeorm = JSON.stringify(require.resolve('typeorm'));
  const body = JSON.stringify({ ...options, synchronize: true, entities: ['src/**/*.entity.ts'] });
  writeFileSync(
    file,
    format === 'cjs'
      ? `const { DataSource } = require(${typeorm});\nexports.AppDataSource = new DataSource(${body});\n`
      : `import typeorm from ${typeorm};\nexport default new typeorm.DataSource(${body});\n`,
  );
  return file;
}

/** The options of the test database as a plain DataSource would take them. */
function plainDataSourceOptions(database?: string): Record<string, unknown> {
  const { autoLoadEntities: _auto, synchronize: _sync, ...options } = testDatabaseOptions(NAME, database ? { database } : {}) as Record<string, unknown>;
  return options;
}

describe(`nestjs-maintenance CLI sharing a ${kind} database with a running app`, () => {
  let t: TestApp;
  let connection: string[];
  let sqlite: string | undefined;
  const http = () => request(t.server());

  beforeAll(async () => {
    rmSync(BUILD, { recursive: true, force: true });
    mkdirSync(BUILD, { recursive: true });
    await resetTestDatabase(NAME);
    sqlite = kind === 'sqlite' ? sqliteFile(NAME) : undefined;
    // The app creates the schema (synchronize: true); the CLI never does.
    t = await createTestApp({
      adapter: 'express',
      database: NAME,
      maintenance: { refreshIntervalMs: APP_REFRESH_MS },
      typeorm: sqlite ? { database: sqlite } : {},
    });
    connection = sqlite ? ['--url', `sqlite:${sqlite}`] : ['-d', writeDataSourceFile(join(BUILD, 'data-source.js'), plainDataSourceOptions(), 'cjs')];
  }, 180_000);

  afterAll(async () => {
    await t?.app.close();
    rmSync(BUILD, { recursive: true, force: true });
  });

  const run = (...args: string[]) => cli([...connection, ...args]);

  it('switches a running app into maintenance and back', async () => {
    await http().get('/items').expect(200);

    const on = await run('--actor', 'alice', 'on', '--mode', 'full', '--reason', 'Deploy 42', '--message', 'Back soon');
    expect(on).toMatchObject({ code: 0, stderr: '' });
    expect(on.stdout).toContain('Maintenance is ON (full)');
    const blocked = await untilStatus(async () => http().get('/items'), 503, seenByTheApp);
    expect(blocked.body).toMatchObject({ mode: 'full', message: 'Back soon' });

    const off = await run('--actor', 'alice', 'off', '--reason', 'Deploy 42 done');
    expect(off).toMatchObject({ code: 0, stderr: '' });
    await untilStatus(async () => http().get('/items'), 200, seenByTheApp);

    const again = await run('--actor', 'alice', 'off', '--reason', 'twice');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already off');
  });

  it('prints the state as parseable JSON, with --for ending it by itself', async () => {
    const before = Date.now();
    const on = await run('--actor', 'alice', 'on', '--mode', 'read-only', '--reason', 'Reindex', '--for', '30m', '--json');
    expect(on.code).toBe(0);
    const until = Date.parse(JSON.parse(on.stdout).until);
    expect(until).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 30 * 60_000);

    const status = await run('status', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ mode: 'read-only', until: new Date(until).toISOString(), upcoming: [] });
    await untilStatus(async () => http().post('/items').send({}), 403, seenByTheApp);

    expect((await run('--actor', 'alice', 'off', '--reason', 'Reindex done')).code).toBe(0);
    expect(JSON.parse((await run('status', '--json')).stdout)).toMatchObject({ mode: 'off' });
  });

  it('records its changes in the audit log with source cli', async () => {
    const audit = await run('audit', '--limit', '5', '--json');
    expect(audit.code).toBe(0);
    const { items } = JSON.parse(audit.stdout) as { items: { action: string; actor: string; source: string; reason: string; userAgent: string }[] };
    expect(items[0]).toMatchObject({ action: 'toggled', actor: 'alice', source: 'cli', reason: 'Reindex done' });
    expect(items[0].userAgent).toMatch(/^nestjs-maintenance-cli\/\d/);
    expect(items.every((entry) => entry.source === 'cli')).toBe(true);

    const table = await run('audit', '--limit', '2');
    expect(table.stdout).toMatch(/^ID\s+AT\s+ACTION\s+ACTOR\s+SOURCE/);
  });

  it('enforces the four-eyes rule: the requester cannot approve, someone else can', async () => {
    const starts = new Date(Date.now() + 86_400_000).toISOString();
    const requested = await run('--actor', 'alice', 'request', '--mode', 'full', '--reason', 'DB upgrade', '--starts', starts, '--for', '2h', '--json');
    expect(requested.code).toBe(0);
    const window = JSON.parse(requested.stdout) as { id: string; status: string; requestedBy: string };
    expect(window).toMatchObject({ status: 'pending', requestedBy: 'alice' });

    const self = await run('--actor', 'alice', 'approve', window.id);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain(MESSAGES.selfApproval);

    const approved = await run('--actor', 'bob', 'approve', window.id, '--comment', 'Go', '--json');
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ status: 'approved', approvals: [{ approver: 'bob', decision: 'approve', comment: 'Go' }] });

    const listed = JSON.parse((await run('windows', '--status', 'approved', '--json')).stdout) as { items: { id: string }[] };
    expect(listed.items.map((item) => item.id)).toContain(window.id);

    const again = await run('--actor', 'bob', 'approve', window.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(MESSAGES.alreadyDecided);

    const cancelled = await run('--actor', 'carol', 'cancel', window.id, '--reason', 'Postponed', '--json');
    expect(cancelled.code).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ status: 'cancelled', closedBy: 'carol' });

    const missing = await run('--actor', 'bob', 'reject', '00000000-0000-4000-8000-000000000000', '--comment', 'No');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('does not exist');
  });

  it('switches a scope, with exemptions, leaving the routes outside it alone', async () => {
    const on = await run('--actor', 'alice', 'on', '--scope', 'checkout', '--reason', 'PSP outage', '--exempt-ip', '203.0.113.0/24', '--json');
    expect(on.code).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ mode: 'off', scopes: [{ scope: 'checkout', mode: 'full' }] });
    const status = await run('status');
    expect(status.stdout).toMatch(/SCOPE\s+MODE[\s\S]*checkout\s+full/);
    // The app's /items is in no scope: untouched.
    expect((await http().get('/items').expect(200)).headers['x-maintenance-mode']).toBeUndefined();
    const listed = JSON.parse((await run('windows', '--scope', 'checkout', '--status', 'active', '--json')).stdout) as { items: { exemptions: unknown }[] };
    expect(listed.items).toEqual([expect.objectContaining({ exemptions: { ips: ['203.0.113.0/24'], paths: [] } })]);

    const bad = await run('--actor', 'alice', 'on', '--scope', 'checkout', '--reason', 'x', '--exempt-ip', 'nope');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('exemptions.ips[0] must be an IP address or CIDR range');
    expect((await run('--actor', 'alice', 'off', '--scope', 'checkout', '--reason', 'PSP back')).code).toBe(0);
    expect(JSON.parse((await run('status', '--json')).stdout)).toMatchObject({ scopes: [] });
  });

  it('switches on with translated messages, which visitors get in their language', async () => {
    const on = await run(
      ...['--actor', 'alice', 'on', '--reason', 'upgrade', '--message', 'Back at ten'],
      ...['--translation', 'de=Um zehn zurück', '--translation', 'fr=De retour à dix heures', '--json'],
    );
    expect(on.code).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ mode: 'full', translations: { de: 'Um zehn zurück', fr: 'De retour à dix heures' } });
    await eventually(
      async () => (await http().get('/items').set('accept-language', 'de')).body as { message?: string },
      (body) => body.message === 'Um zehn zurück',
    );
    expect((await http().get('/items').set('accept-language', 'de').expect(503)).body.message).toBe('Um zehn zurück');
    const bad = await run('--actor', 'alice', 'on', '--reason', 'x', '--translation', 'klingon=Qapla');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"klingon" is not a language tag');
    expect((await run('--actor', 'alice', 'off', '--reason', 'done')).code).toBe(0);
  });

  it('requests a recurring window, extends and cancels an occurrence from the shell', async () => {
    const starts = new Date(Date.now() + 86_400_000);
    starts.setUTCSeconds(0, 0);
    const requested = await run(
      ...['--actor', 'alice', 'request', '--mode', 'read-only', '--reason', 'Nightly reindex', '--starts', starts.toISOString()],
      ...['--rrule', 'FREQ=DAILY', '--time-zone', 'Europe/Berlin', '--for', '1h', '--json'],
    );
    expect(requested.code).toBe(0);
    const window = JSON.parse(requested.stdout) as { id: string; recurrence: { next: { startsAt: string; endsAt: string } } };
    expect(window.recurrence).toMatchObject({ rule: 'FREQ=DAILY', durationMinutes: 60, next: { startsAt: starts.toISOString() } });
    const human = await run('windows');
    expect(human.stdout).toContain('read-only (recurring)');

    const cancelled = await run('--actor', 'bob', 'cancel', window.id, '--occurrence', starts.toISOString(), '--json');
    expect(cancelled.code).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ recurrence: { cancelled: [starts.toISOString()] } });

    const usage = await run('--actor', 'alice', 'request', '--mode', 'full', '--reason', 'x', '--rrule', 'FREQ=DAILY');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--rrule needs --starts');

    // A one-off window extended by 30 minutes: at once, no new approval.
    const oneOff = JSON.parse(
      (await run('--actor', 'alice', 'request', '--mode', 'full', '--reason', 'Upgrade', '--starts', starts.toISOString(), '--for', '1h', '--json')).stdout,
    ) as { id: string; endsAt: string };
    const edited = await run('--actor', 'carol', 'edit', oneOff.id, '--extend', '30m', '--reason', 'runs long', '--json');
    expect(edited.code).toBe(0);
    expect(JSON.parse(edited.stdout)).toMatchObject({ status: 'pending', endsAt: new Date(Date.parse(oneOff.endsAt) + 30 * 60_000).toISOString() });
    const moved = await run('--actor', 'carol', 'edit', oneOff.id, '--mode', 'read-only');
    expect(moved).toMatchObject({ code: 0 });
    expect(moved.stdout).toContain('Window changed (pending)');
  });

  it('exits 2 on usage errors, before touching the database', async () => {
    const cases: [string[], RegExp][] = [
      [['on', '--reason', 'x', '--for', '30'], /not a duration/],
      [['request', '--mode', 'full', '--reason', 'x', '--until', '2030-01-31T22:00:00'], /offset or Z/],
      [['on', '--reason', 'x', '--for', '30m', '--until', '2030-01-31T22:00:00Z'], /cannot be used with/],
      [['reject', 'some-id'], /--comment/],
      [['on', '--mode', 'half', '--reason', 'x'], /Allowed choices/],
      [['frobnicate'], /unknown command/],
    ];
    for (const [args, message] of cases) {
      const result = await run(...args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
    }
    const noDatabase = await cli(['status']);
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.stderr).toContain('MAINTENANCE_DATABASE_URL');
  });

  it('answers --help on every command with exit 0', async () => {
    const help = await cli(['request', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: nestjs-maintenance request');
  });

  it('verifies an intact audit chain with exit 0', async () => {
    const verify = await run('audit', 'verify', '--json');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ intact: true, firstBrokenId: null });
    expect(JSON.parse(verify.stdout).checked).toBeGreaterThan(3);
  });

  it('refuses to write with an audit key the app does not use, so the chain stays intact', async () => {
    const refused = await run('--actor', 'mallory', 'on', '--reason', 'x', '--audit-key', 'not-the-apps-key');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('does not verify with the CLI');
    expect(JSON.parse((await run('status', '--json')).stdout)).toMatchObject({ mode: 'off' });
    expect((await run('audit', 'verify')).code).toBe(0);
  });

  it('reads an ESM data source file exported as default', async () => {
    const file = writeDataSourceFile(join(BUILD, 'data-source.mjs'), plainDataSourceOptions(sqlite), 'esm');
    const status = await cli(['-d', file, 'status', '--json']);
    expect(status).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(status.stdout)).toMatchObject({ mode: 'off' });
  });

  it('never creates the schema, even when the data source file asks for synchronize', async () => {
    const empty = sqliteFile('cli-empty');
    writeFileSync(empty, ''); // a zero-byte file is an empty SQLite database
    const file = writeDataSourceFile(join(BUILD, 'empty-data-source.js'), { type: 'better-sqlite3', database: empty }, 'cjs');
    const result = await cli(['-d', file, '--actor', 'alice', 'on', '--reason', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('never creates or changes the schema');
    const inspect = await new DataSource({ type: 'better-sqlite3', database: empty }).initialize();
    try {
      expect(await inspect.query(`SELECT name FROM sqlite_master WHERE type = 'table'`)).toEqual([]);
    } finally {
      await inspect.destroy();
    }
    rmSync(empty, { force: true });
  });

  it('explains that a TypeScript data source file cannot be loaded (exit 2)', async () => {
    const file = join(BUILD, 'data-source.ts');
    writeFileSync(file, `import { DataSource } from 'typeorm';\nexport default new DataSource({ type: 'better-sqlite3', database: 'x' } as const);\n`);
    const result = await cli(['-d', file, 'status']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('compiled .js file');
  });

  it('exits 1 when the database cannot be reached', async () => {
    const result = await cli(['--url', 'postgres://nobody:secret@127.0.0.1:1/none', 'status']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot connect to the postgres database');
    expect(result.stderr).not.toContain('secret');
  });
});
