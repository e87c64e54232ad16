import { Command, Option } from 'commander';
import { MAINTENANCE_MODES, MaintenanceMode } from '../../interfaces/maintenance-mode.type';
import { CliRunner } from '../cli-runner';
import { printJson } from '../cli-output';
import { formatFleet, formatFleetWait, formatState } from '../human-views';
import { CLI_EXIT_CODES, describeError } from '../cli-errors';
import { CliOutput } from '../cli-output';
import { MaintenanceService } from '../../windows/maintenance.service';
import { MaintenanceState } from '../../interfaces/maintenance-state.interface';
import { durationArgument, isoDateArgument } from '../option-parsers';
import { addCoverageOptions, exemptionsOf, translationsOf } from './window.commands';

interface OnOptions {
  mode: MaintenanceMode;
  scope?: string;
  exemptIp?: string[];
  translation?: string[];
  exemptPath?: string[];
  message?: string;
  reason: string;
  until?: Date;
  for?: number;
  wait?: boolean;
  timeout: number;
}

interface WaitOptions {
  wait?: boolean;
  timeout: number;
}

/** `--wait` and `--timeout`, on `on` and `off`. */
function addWaitOptions(command: Command): Command {
  return command
    .option('--wait', 'return only when every live instance enforces the change and has drained (exit 3 on timeout)')
    .addOption(new Option('--timeout <duration>', 'how long --wait waits: 90s, 5m').argParser(durationArgument).default(60_000, '60s'));
}

/**
 * Prints the state after a switch and, with `--wait`, waits for the fleet and prints how that went: one JSON document
 * with `--json`. Returns exit code 3 when the wait timed out (the lagging instances are listed).
 */
async function report(
  headline: string,
  state: MaintenanceState,
  options: WaitOptions,
  { maintenance, output, json }: { maintenance: MaintenanceService; output: CliOutput; json: boolean },
): Promise<number> {
  const wait = options.wait ? await maintenance.waitForFleet(options.timeout) : null;
  if (json) printJson(output, wait ? { ...state, fleet: wait } : state);
  else output.stdout(`${headline}\n${formatState(state)}${wait ? formatFleetWait(wait) : ''}`);
  return wait && !wait.complete ? CLI_EXIT_CODES.timedOut : CLI_EXIT_CODES.done;
}

/** `on`, `off` and `status`: the emergency switch and what is in force. */
export function registerToggleCommands(program: Command, runner: CliRunner): void {
  addCoverageOptions(addWaitOptions(program.command('on')))
    .description('switch maintenance on now, without approval (ends the active windows of the same scope first)')
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
          {
            mode: options.mode,
            reason: options.reason,
            actor: actor.actor,
            message: options.message ?? null,
            endsAt,
            scope: options.scope,
            exemptions: exemptionsOf(options),
            translations: translationsOf(options),
          },
          actor,
        );
        return report(`Maintenance is ON (${state.mode}).`, state, options, { maintenance, output, json });
      }),
    );

  addWaitOptions(program.command('off'))
    .description("switch maintenance off now: ends every active window, or with --scope that scope's (scheduled ones stay)")
    .requiredOption('--reason <text>', 'why, for the audit log')
    .option('--scope <name>', 'end only the windows of this scope')
    .option('--json', 'print the resulting state as JSON')
    .action((options: { reason: string; scope?: string } & WaitOptions, command: Command) =>
      runner.write(command, async ({ maintenance, actor, output, json }) => {
        const before = maintenance.getState();
        const wasOff = options.scope ? !before.scopes.some((scoped) => scoped.scope === options.scope) : before.mode === 'off' && before.scopes.length === 0;
        const state = await maintenance.disable({ reason: options.reason, actor: actor.actor, scope: options.scope }, actor);
        const headline = wasOff ? 'Maintenance was already off; nothing was recorded.' : 'Maintenance is OFF.';
        return report(headline, state, options, { maintenance, output, json });
      }),
    );

  program
    .command('status')
    .description('show the maintenance state in force, the announced windows and the fleet of instances')
    .option('--json', 'print the state as JSON')
    .action((_options: unknown, command: Command) =>
      runner.read(command, async ({ maintenance, output, json }) => {
        const state = maintenance.getState();
        // The state is worth showing even when the fleet cannot be read (its table missing on an app not yet migrated).
        const fleet = await maintenance.fleetStatus().catch((error: unknown) => ({ problem: describeError(error) }));
        if (json) return printJson(output, { ...state, fleet });
        output.stdout(`${formatState(state)}${'problem' in fleet ? `Fleet: unknown. ${fleet.problem}\n` : formatFleet(fleet)}`);
      }),
    );
}
