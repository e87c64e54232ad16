import { CliOutput } from './cli-output';
import { runCli } from './run-cli';

/** Runs the command line in-process, capturing what it prints. Only paths that stop before the database. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const output: CliOutput = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) };
  const code = await runCli(args, output);
  return { code, stdout, stderr };
}

describe('runCli exit codes', () => {
  it('answers --help and --version with 0 on stdout', async () => {
    const help = await run('on', '--help');
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('--for <duration>');
    expect((await run('--version')).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [['status', '--bogus'], /unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [[], /Usage: nestjs-maintenance/],
    [['off'], /required option '--reason <text>' not specified/],
    [['on', '--reason', 'x', '--for', '2 hours'], /not a duration/],
    [['request', '--reason', 'x', '--mode', 'full', '--starts', '2030-01-31 22:00'], /offset or Z/],
    [['windows', '--status', 'sleeping'], /Allowed choices are pending/],
    [['audit', '--limit', '0'], /at least 1/],
    [['approve'], /missing required argument 'id'/],
    [['--url', 'sqlite:x.sqlite', '-d', 'ds.js', 'status'], /either -d/],
    [['--url', 'redis://cache', 'status'], /Unsupported database URL scheme "redis:"/],
  ])('exits 2 on the usage error %p', async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
