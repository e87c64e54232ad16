import { CommanderError } from 'commander';
import { buildCliProgram } from './cli-program';
import { CLI_EXIT_CODES, CliUsageError, describeError, exitCodeFor } from './cli-errors';
import { CliOutput, processOutput } from './cli-output';
import { CliRunner } from './cli-runner';

/** Commander's codes for help and version, which are answers, not errors. */
const ANSWERED = new Set(['commander.helpDisplayed', 'commander.version']);

/**
 * Runs the command line `args` (without `node` and the script) and resolves to the exit code; it never
 * exits the process itself, so output is flushed and tests can call it.
 */
export async function runCli(args: readonly string[], output: CliOutput = processOutput): Promise<number> {
  const runner = new CliRunner(output);
  const program = buildCliProgram(runner, output);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return runner.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message; `help` without a command ends with exit code 1 there.
      if (ANSWERED.has(error.code) || (error.code === 'commander.help' && error.exitCode === 0)) return CLI_EXIT_CODES.done;
      return CLI_EXIT_CODES.usage;
    }
    output.stderr(`error: ${describeError(error)}\n`);
    if (error instanceof CliUsageError) output.stderr('(add --help for usage)\n');
    else if (program.opts().verbose && error instanceof Error && error.stack) output.stderr(`${error.stack}\n`);
    return exitCodeFor(error);
  }
}
