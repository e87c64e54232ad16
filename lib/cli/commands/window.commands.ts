import { Command, Option } from 'commander';
import { MAINTENANCE_MODES, MAINTENANCE_WINDOW_STATUSES, MaintenanceMode, MaintenanceWindowStatus } from '../../interfaces/maintenance-mode.type';
import { CliRunner } from '../cli-runner';
import { printJson } from '../cli-output';
import { formatNextPage, formatWindow, formatWindowTable } from '../human-views';
import { durationArgument, isoDateArgument, positiveNumberArgument } from '../option-parsers';

interface RequestOptions {
  mode: MaintenanceMode;
  reason: string;
  message?: string;
  starts?: Date;
  until?: Date;
  for?: number;
}

/** The window workflow: `windows`, `request`, `approve`, `reject`, `cancel`. */
export function registerWindowCommands(program: Command, runner: CliRunner): void {
  program
    .command('windows')
    .description('list maintenance windows, newest request first')
    .addOption(new Option('--status <status>', 'only windows in this status').choices(MAINTENANCE_WINDOW_STATUSES))
    .addOption(new Option('--mode <mode>', 'only windows of this mode').choices(MAINTENANCE_MODES))
    .option('--limit <n>', 'how many (at most 200)', positiveNumberArgument)
    .option('--cursor <cursor>', 'continue a listing where the previous page ended')
    .option('--json', 'print { items, nextCursor } as JSON')
    .action((options: { status?: MaintenanceWindowStatus; mode?: MaintenanceMode; limit?: number; cursor?: string }, command: Command) =>
      runner.read(command, async ({ maintenance, output, json }) => {
        const page = await maintenance.listWindows({
          status: options.status,
          mode: options.mode,
          limit: options.limit,
          cursor: options.cursor,
        });
        if (json) return printJson(output, page);
        output.stdout(formatWindowTable(page.items) + formatNextPage('--cursor', page.nextCursor));
      }),
    );

  program
    .command('request')
    .description('request a scheduled window; it waits for approval unless approvals are switched off')
    .addOption(new Option('--mode <mode>', 'full blocks every request, read-only blocks writes').choices(MAINTENANCE_MODES).makeOptionMandatory())
    .requiredOption('--reason <text>', 'why, for the approvers and the audit log')
    .option('--message <text>', 'message shown to users')
    .option('--starts <iso>', 'start (ISO 8601 with offset); default now', isoDateArgument)
    .addOption(new Option('--until <iso>', 'end (ISO 8601 with offset); default open-ended').argParser(isoDateArgument).conflicts('for'))
    .addOption(new Option('--for <duration>', 'length from the start: 90s, 30m, 2h, 1h30m').argParser(durationArgument))
    .option('--json', 'print the window as JSON')
    .action((options: RequestOptions, command: Command) =>
      runner.write(command, async ({ maintenance, actor, output, json }) => {
        const startsAt = options.starts ?? new Date();
        const endsAt = options.until ?? (options.for !== undefined ? new Date(startsAt.getTime() + options.for) : null);
        const window = await maintenance.requestWindow(
          { mode: options.mode, reason: options.reason, message: options.message ?? null, startsAt, endsAt },
          actor,
        );
        if (json) return printJson(output, window);
        output.stdout(`Requested window ${window.id} (${window.status}).\n${formatWindow(window)}`);
      }),
    );

  program
    .command('approve')
    .description('approve a pending window (someone other than its requester, unless self-approval is allowed)')
    .argument('<id>', 'window id')
    .option('--comment <text>', 'comment recorded with the approval')
    .option('--json', 'print the window as JSON')
    .action((id: string, options: { comment?: string }, command: Command) =>
      runner.write(command, async ({ maintenance, actor, output, json }) => {
        const window = await maintenance.approve(id, { comment: options.comment ?? null }, actor);
        if (json) return printJson(output, window);
        const verdict = window.status === 'approved' ? 'Window approved.' : 'Approval recorded; the window needs more approvals.';
        output.stdout(`${verdict}\n${formatWindow(window)}`);
      }),
    );

  program
    .command('reject')
    .description('reject a pending window')
    .argument('<id>', 'window id')
    .requiredOption('--comment <text>', 'why, for the requester and the audit log')
    .option('--json', 'print the window as JSON')
    .action((id: string, options: { comment: string }, command: Command) =>
      runner.write(command, async ({ maintenance, actor, output, json }) => {
        const window = await maintenance.reject(id, { comment: options.comment }, actor);
        if (json) return printJson(output, window);
        output.stdout(`Window rejected.\n${formatWindow(window)}`);
      }),
    );

  program
    .command('cancel')
    .description('withdraw a pending or approved window, or end an active one early')
    .argument('<id>', 'window id')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print the window as JSON')
    .action((id: string, options: { reason?: string }, command: Command) =>
      runner.write(command, async ({ maintenance, actor, output, json }) => {
        const window = await maintenance.cancel(id, { reason: options.reason ?? null }, actor);
        if (json) return printJson(output, window);
        output.stdout(`Window cancelled.\n${formatWindow(window)}`);
      }),
    );
}
