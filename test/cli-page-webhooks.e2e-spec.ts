import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DataSource, MoreThan } from 'typeorm';
import { BUILT_IN_TEXTS, MaintenanceAuditLog, MaintenanceWebhook } from '../lib';
import { dataSourceOptions, prepareSchema } from './utils/schema';
import { sqliteFile, testDatabaseKind } from './utils/test-database';

/**
 * `nestjs-maintenance page` and `nestjs-maintenance webhooks`: the real bin (built into dist/ by the e2e global set-up)
 * run as a child process against a real database whose schema is prepared as the app's migrations would.
 */
const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'cli', 'main.js');
// Inside the repository, so a data source file resolves node_modules; .tmp/ is ignored by git.
const BUILD = join(ROOT, '.tmp', `cli-page-webhooks-e2e-${process.pid}`);
const NAME = 'cli_page_webhooks';
const kind = testDatabaseKind();
const COMMAND_TIMEOUT_MS = 30_000;

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

/** Serves `file` for every path with status 503, as nginx does with `error_page 503 /maintenance.html` while the app is down. */
async function serveAsProxy(file: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    const body = readFileSync(file);
    response.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length, 'Retry-After': '30' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))) };
}

/** Every absolute or protocol-relative URL in a document, and every reference to an outside resource. */
function externalReferences(html: string): string[] {
  return html.match(/https?:\/\/[^\s"'<>]*|="\/\/[^"]*|url\([^)]*\)|<link\b[^>]*>|\bsrc="[^"]*"/gi) ?? [];
}

describe(`nestjs-maintenance page and webhooks on ${kind}`, () => {
  let dataSource: DataSource;
  let connection: string[];

  beforeAll(async () => {
    rmSync(BUILD, { recursive: true, force: true });
    mkdirSync(BUILD, { recursive: true });
    const sqlite = kind === 'sqlite' ? sqliteFile(NAME) : undefined;
    // The schema as the app's migrations leave it (synchronize here); the CLI never creates it.
    dataSource = await prepareSchema(NAME, sqlite);
    if (sqlite) {
      connection = ['--url', `sqlite:${sqlite}`];
    } else {
      const { entities: _entities, synchronize: _synchronize, ...options } = dataSourceOptions(NAME) as unknown as Record<string, unknown>;
      const file = join(BUILD, 'data-source.js');
      writeFileSync(
        file,
        `const { DataSource } = require(${JSON.stringify(require.resolve('typeorm'))});\nexports.AppDataSource = new DataSource(${JSON.stringify(options)});\n`,
      );
      connection = ['-d', file];
    }
  }, 180_000);

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    rmSync(BUILD, { recursive: true, force: true });
  });

  const run = (...args: string[]) => cli([...connection, ...args]);

  describe('page', () => {
    it('writes a self-contained page with the given message that a proxy serves with 503', async () => {
      const file = join(BUILD, 'maintenance.html');
      const result = await cli(['page', '--message', 'Back at 10 <b>', '--locale', 'de', '--out', file]);
      expect(result).toMatchObject({ code: 0, stdout: '' });
      expect(result.stderr).toMatch(/^wrote maintenance\.html \(full, de\)\n$/);
      expect(existsSync(`${file}.tmp`)).toBe(false);

      const proxy = await serveAsProxy(file);
      try {
        const response = await fetch(`${proxy.url}/orders/42`, { headers: { accept: 'text/html' } });
        expect(response.status).toBe(503);
        const html = await response.text();
        expect(html).toContain('<html lang="de">');
        expect(html).toContain(BUILT_IN_TEXTS.de.fullTitle);
        expect(html).toContain('Back at 10 &lt;b&gt;');
        expect(html).not.toContain('<b>');
        expect(externalReferences(html)).toEqual([]);
        // Follows the app's stream once it is back; until then the stream fails and the page reloads after 30 s.
        expect(html).toContain('data-stream="/maintenance/stream" data-state="static" data-refresh="30"');
      } finally {
        await proxy.close();
      }
    });

    it('with --no-stream and --retry-after, only reloads after that long', async () => {
      const result = await cli(['page', '--message', 'Soon', '--no-stream', '--retry-after', '90', '--out', '-']);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('data-stream');
      expect(result.stdout).toContain('<meta http-equiv="refresh" content="90">');
      expect(result.stderr).toContain('wrote the maintenance page to stdout (full, en)');
    });

    it('without --message, shows the maintenance in force in the database', async () => {
      const on = await run(
        '--actor',
        'alice',
        'on',
        '--mode',
        'full',
        '--message',
        'Upgrading the database',
        '--reason',
        'DB upgrade',
        '--for',
        '30m',
        '--json',
      );
      expect(on.code).toBe(0);
      const { until } = JSON.parse(on.stdout) as { until: string };

      const file = join(BUILD, 'in-force.html');
      const page = await run('page', '--locale', 'fr', '--out', file);
      expect(page).toMatchObject({ code: 0, stdout: '' });
      expect(page.stderr).toContain('wrote in-force.html (full, fr, message in force)');
      const html = readFileSync(file, 'utf8');
      expect(html).toContain('<p id="message">Upgrading the database</p>');
      expect(html).toContain(`datetime="${until}"`);
      expect(html).toContain(BUILT_IN_TEXTS.fr.fullTitle);

      expect((await run('--actor', 'alice', 'off', '--reason', 'DB upgrade done')).code).toBe(0);
      const off = await run('page', '--out', file);
      expect(off.code).toBe(0);
      expect(off.stderr).toContain('(full, en, default message)');
      expect(readFileSync(file, 'utf8')).toContain(BUILT_IN_TEXTS.en.fullMessage);
    });

    it('with --message, renders even when the database cannot be reached', async () => {
      const result = await cli(['--url', `sqlite:${join(BUILD, 'missing', 'none.sqlite')}`, 'page', '--message', 'Down', '--out', '-']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('<p id="message">Down</p>');
    });

    it('exits 2 on a bad option, naming it', async () => {
      const cases: [string[], RegExp][] = [
        [['page', '--out', '-', '--mode', 'nonsense'], /--mode/],
        [['page', '--out', '-', '--until', '2030-01-31T22:00:00'], /--until/],
        [['page', '--out', '-', '--locale', 'not a tag'], /--locale/],
      ];
      for (const [args, message] of cases) {
        const result = await run(...args);
        expect({ args, code: result.code }).toEqual({ args, code: 2 });
        expect(result.stderr).toMatch(message);
        expect(result.stdout).toBe('');
      }
    });
  });

  describe('webhooks', () => {
    it('shows where each webhook stands, counting the events after it as pending', async () => {
      const [newest] = await dataSource.getRepository(MaintenanceAuditLog).find({ order: { id: 'DESC' }, take: 1 });
      const position = newest?.id ?? 0;
      const failingSince = new Date('2030-01-01T00:00:00.000Z');
      const nextAttemptAt = new Date('2030-01-01T00:05:00.000Z');
      const lastDeliveredAt = new Date('2029-12-31T23:00:00.000Z');
      await dataSource.getRepository(MaintenanceWebhook).insert([
        {
          name: 'ops-slack',
          lastAuditId: position,
          attempts: 3,
          nextAttemptAt,
          lastError: 'HTTP 502 from hooks.example.com',
          failingSince,
          lastDeliveredAt,
          lockedBy: null,
          lockedUntil: null,
          createdAt: new Date('2029-12-01T00:00:00.000Z'),
        },
        {
          name: 'audit-sink',
          lastAuditId: 0,
          attempts: 0,
          nextAttemptAt: null,
          lastError: null,
          failingSince: null,
          lastDeliveredAt: null,
          lockedBy: '00000000-0000-4000-8000-000000000000',
          lockedUntil: new Date(Date.now() + 10 * 60_000),
          createdAt: new Date('2029-12-01T00:00:00.000Z'),
        },
      ]);
      // Audit entries after ops-slack's position: at least the two switches.
      expect((await run('--actor', 'alice', 'on', '--mode', 'read-only', '--reason', 'Reindex')).code).toBe(0);
      expect((await run('--actor', 'alice', 'off', '--reason', 'Reindex done')).code).toBe(0);
      const audit = dataSource.getRepository(MaintenanceAuditLog);
      const total = await audit.count();
      const after = await audit.countBy({ id: MoreThan(position) });
      expect(after).toBeGreaterThanOrEqual(2);

      const json = await run('webhooks', '--json');
      expect(json).toMatchObject({ code: 0, stderr: '' });
      const statuses = JSON.parse(json.stdout) as Record<string, unknown>[];
      expect(statuses).toEqual([
        {
          name: 'audit-sink',
          deliveredUpTo: 0,
          pending: total,
          attempts: 0,
          lastError: null,
          failingSince: null,
          nextAttemptAt: null,
          lastDeliveredAt: null,
          delivering: true,
        },
        {
          name: 'ops-slack',
          deliveredUpTo: position,
          pending: after,
          attempts: 3,
          lastError: 'HTTP 502 from hooks.example.com',
          failingSince: failingSince.toISOString(),
          nextAttemptAt: nextAttemptAt.toISOString(),
          lastDeliveredAt: lastDeliveredAt.toISOString(),
          delivering: false,
        },
      ]);

      const human = await run('webhooks');
      expect(human).toMatchObject({ code: 0, stderr: '' });
      expect(human.stdout).toMatch(/^WEBHOOK\s+DELIVERED UP TO\s+PENDING/);
      expect(human.stdout).toMatch(new RegExp(`ops-slack\\s+${position}\\s+${after}\\s+3\\s+HTTP 502 from hooks\\.example\\.com`));
      expect(human.stdout).toContain('audit-sink');
    });

    it('exits 1 telling to run the migrations when the table is missing', async () => {
      const queryRunner = dataSource.createQueryRunner();
      try {
        await queryRunner.dropTable('maintenance_webhooks');
      } finally {
        await queryRunner.release();
      }
      const result = await run('webhooks');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('maintenance_webhooks');
      expect(result.stderr).toContain('MaintenanceNotifications1798848000000');
    });
  });
});
