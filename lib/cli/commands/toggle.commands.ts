import { Command, Option } from 'commander';
import { MAINTENANCE_MODES, MaintenanceMode } from '../../interfaces/maintenance-mode.type';
import { CliRunner } from '../cli-runner';
import { printJson } from '../cli-output';
import { formatState } from '../human-views';
import { durationArgument, isoDateArgument } from '../option-parsers';

interface OnOptions {
  mode: MaintenanceMode;
  message?: string;
  reason: string;
  until?: Date;
  for?: number;
}

/** `on`, `off` and `status`: the emergency switch and what is in force. */
export function registerToggleCommands(program: Command, runner: CliRunner): void {
  program
    .command('on')
    .description('switch maintenance on now, without approval (ends every active window first)')
    .addOption(new Option('--mode <mode>', 'full blocks every request, read-only blocks writes').choices(MAINTENANCE_MODES).default('full'))
    .option('--message <text>', 'message shown to users')
    .requiredOption('--reason <text>', 'why, for the audit log')
    .addOption(new Option('--until <iso>', 'switch off by itself at this time (ISO 8601 with offset)').argParser(isoDateArgument).conflicts('for'))
    .addOption(new Option('--for <duration>', 'switch off by itself after this long: 90s, 30m, 2h, 1h30m').argParser(durationArgument))
    .option('--json', 'print the resulting state as JSON')
    .action((options: OnOptions, command: Command) =>
      runner.write(command, async ({ maintenance, actor, output, json }) => {
        // --for counts from when the switch happens, not from when the command was typed.
        const endsAt = options.until ?? (options.for !== undefined ? new Date(Date.now() + options.for) : null);
        const state = await maintenance.enable(
          { mode: options.mode, reason: options.reason, actor: actor.actor, message: options.message ?? null, endsAt },
          actor,
        );
        if (json) return printJson(output, state);
        output.stdout(`Maintenance is ON (${state.mode}).\n${formatState(state)}`);
      }),
    );

  program
    .command('off')
    .description('switch maintenance off now: ends every active window (scheduled ones stay)')
    .requiredOption('--reason <text>', 'why, for the audit log')
    .option('--json', 'print the resulting state as JSON')
    .action((options: { reason: string }, command: Command) =>
      runner.write(command, async ({ maintenance, actor, output, json }) => {
        const wasOff = maintenance.getState().mode === 'off';
        const state = await maintenance.disable({ reason: options.reason, actor: actor.actor }, actor);
        if (json) return printJson(output, state);
        output.stdout(`${wasOff ? 'Maintenance was already off; nothing was recorded.' : 'Maintenance is OFF.'}\n${formatState(state)}`);
      }),
    );

  program
    .command('status')
    .description('show the maintenance state in force and the announced windows')
    .option('--json', 'print the state as JSON')
    .action((_options: unknown, command: Command) =>
      // eslint-disable-next-line @typescript-eslint/require-await -- the runner's callbacks are async; this one reads memory
      runner.read(command, async ({ maintenance, output, json }) => {
        const state = maintenance.getState();
        if (json) return printJson(output, state);
        output.stdout(formatState(state));
      }),
    );
}
