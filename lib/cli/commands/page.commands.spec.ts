import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { BUILT_IN_TEXTS } from '../../i18n/maintenance-texts';
import { MaintenanceState } from '../../interfaces/maintenance-state.interface';
import { CliRefusal } from '../cli-errors';
import { CliOutput } from '../cli-output';
import { runCli } from '../run-cli';
import { localeArgument, messageArgument, renderStaticPage, STATIC_PAGE_STATE_ID, streamPathArgument, writeFileAtomically } from './page.commands';

const input = { locale: 'en', retryAfterSeconds: 30, streamUrl: '/maintenance/stream' };
const state = (over: Partial<MaintenanceState>): MaintenanceState => ({
  mode: 'off',
  message: null,
  since: null,
  until: null,
  upcoming: [],
  scopes: [],
  ...over,
});

describe('page option parsers', () => {
  it('take language tags, site paths and messages', () => {
    expect(localeArgument('de-CH')).toBe('de-CH');
    expect(streamPathArgument('/api/maintenance/stream')).toBe('/api/maintenance/stream');
    expect(messageArgument('Back at 10')).toBe('Back at 10');
  });

  it.each([
    [localeArgument, 'de_CH'],
    [localeArgument, 'x'],
    [localeArgument, '"><script>'],
    [streamPathArgument, 'https://status.example.com/stream'],
    [streamPathArgument, '//evil.example/stream'],
    [streamPathArgument, 'maintenance/stream'],
    [messageArgument, '  '],
  ])('turn a bad value into a usage error (%#)', (parse, value) => {
    expect(() => parse(value)).toThrow(InvalidArgumentError);
  });
});

describe('renderStaticPage', () => {
  it('renders the given message, escaped, in the language asked for, following the stream from a foreign state', () => {
    const page = renderStaticPage({ ...input, message: 'Back at 10 <b>', locale: 'de' });
    expect(page).toMatchObject({ mode: 'full', lang: 'de', messageFrom: 'given' });
    expect(page.html).toContain('<html lang="de">');
    expect(page.html).toContain(BUILT_IN_TEXTS.de.fullTitle);
    expect(page.html).toContain('Back at 10 &lt;b&gt;');
    expect(page.html).toContain(`data-stream="/maintenance/stream" data-state="${STATIC_PAGE_STATE_ID}" data-refresh="30"`);
    expect(page.html).toContain('<noscript><meta http-equiv="refresh" content="30"></noscript>');
    // Self-contained: no absolute or protocol-relative URL, no stylesheet or image fetched from anywhere.
    expect(page.html).not.toMatch(/https?:\/\/|="\/\/|url\(|<link|<img|src=/i);
  });

  it('without a stream, reloads with a plain refresh', () => {
    const page = renderStaticPage({ ...input, streamUrl: null, retryAfterSeconds: 45 });
    expect(page.html).not.toContain('data-stream');
    expect(page.html).toContain('<meta http-equiv="refresh" content="45">');
    expect(page).toMatchObject({ messageFrom: 'default' });
    expect(page.html).toContain(BUILT_IN_TEXTS.en.fullMessage);
  });

  it('falls back to English for a language without texts', () => {
    const page = renderStaticPage({ ...input, locale: 'ja' });
    expect(page.lang).toBe('en');
    expect(page.html).toContain('<html lang="en">');
  });

  it('shows the maintenance in force, unless options say otherwise', () => {
    const inForce = state({ mode: 'read-only', message: 'Reindexing', since: '2030-01-01T00:00:00.000Z', until: '2030-01-01T02:00:00.000Z' });
    const page = renderStaticPage(input, inForce);
    expect(page).toMatchObject({ mode: 'read-only', messageFrom: 'state' });
    expect(page.html).toContain('Reindexing');
    expect(page.html).toContain('datetime="2030-01-01T02:00:00.000Z"');

    const until = new Date('2030-01-01T03:00:00Z');
    const overridden = renderStaticPage({ ...input, mode: 'full', message: 'Given', until }, inForce);
    expect(overridden).toMatchObject({ mode: 'full', messageFrom: 'given' });
    expect(overridden.html).toContain('datetime="2030-01-01T03:00:00.000Z"');
  });

  it('uses the default message of the mode in force when the window has none, and full when nothing is in force', () => {
    expect(renderStaticPage({ ...input, locale: 'fr' }, state({ mode: 'full' })).html).toContain(BUILT_IN_TEXTS.fr.fullMessage);
    expect(renderStaticPage(input, state({ mode: 'off', message: 'stale' }))).toMatchObject({ mode: 'full', messageFrom: 'default' });
  });
});

describe('writeFileAtomically', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nm-page-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the file and leaves no temporary file behind', async () => {
    const file = join(dir, 'maintenance.html');
    writeFileSync(file, 'old');
    await writeFileAtomically(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('names the file it cannot write', async () => {
    const file = join(dir, 'missing', 'maintenance.html');
    await expect(writeFileAtomically(file, 'x')).rejects.toThrow(CliRefusal);
    await expect(writeFileAtomically(file, 'x')).rejects.toThrow(`Cannot write ${file}`);
  });
});

describe('nestjs-maintenance page (no database)', () => {
  const saved = process.env.MAINTENANCE_DATABASE_URL;
  beforeAll(() => delete process.env.MAINTENANCE_DATABASE_URL);
  afterAll(() => {
    if (saved !== undefined) process.env.MAINTENANCE_DATABASE_URL = saved;
  });

  async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const output: CliOutput = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) };
    const code = await runCli(args, output);
    return { code, stdout, stderr };
  }

  it('writes the page to stdout with the default message of the language', async () => {
    const result = await run('page', '--out', '-', '--locale', 'es', '--mode', 'read-only');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(BUILT_IN_TEXTS.es.readOnlyMessage);
    expect(result.stderr).toBe('wrote the maintenance page to stdout (read-only, es, default message)\n');
  });

  it('with --message, never touches the database, even one that cannot be reached', async () => {
    const result = await run('--url', 'postgres://nobody@127.0.0.1:1/none', 'page', '--out', '-', '--message', 'Soon');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('<p id="message">Soon</p>');
  });

  it.each([
    [['page', '--out', '-', '--mode', 'nonsense'], /--mode/],
    [['page', '--out', '-', '--until', '2030-01-01T10:00'], /--until/],
    [['page', '--out', '-', '--locale', 'de_DE'], /--locale/],
    [['page', '--out', '-', '--retry-after', '0'], /--retry-after/],
    [['page', '--out', '-', '--stream-url', 'https://example.com/s'], /--stream-url/],
    [['page'], /--out/],
  ])('exits 2 naming the option: %p', async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
