import { Command, Option } from 'commander';
import { MAINTENANCE_MODES, MAINTENANCE_WINDOW_STATUSES, MaintenanceMode, MaintenanceWindowStatus } from '../../interfaces/maintenance-mode.type';
import { CliRunner } from '../cli-runner';
import { printJson } from '../cli-output';
import { formatNextPage, formatWindow, formatWindowTable } from '../human-views';
import { collectArgument, durationArgument, isoDateArgument, positiveNumberArgument } from '../option-parsers';

interface CoverageOptions {
  scope?: string;
  exemptIp?: string[];
  exemptPath?: string[];
  translation?: string[];
}

interface RequestOptions extends CoverageOptions {
  mode: MaintenanceMode;
  reason: string;
  message?: string;
  starts?: Date;
  until?: Date;
  for?: number;
  rrule?: string;
  timeZone?: string;
}

interface EditOptions extends CoverageOptions {
  mode?: MaintenanceMode;
  message?: string;
  starts?: Date;
  until?: Date;
  extend?: number;
  openEnded?: boolean;
  wholeApp?: boolean;
  noExemptions?: boolean;
  reason?: string;
}

/** `--scope`, `--exempt-ip`, `--exempt-path`: what a window or a toggle covers. */
export function addCoverageOptions(command: Command): Command {
  return command
    .option('--scope <name>', 'cover only the routes of this scope (@MaintenanceScope() or the scopes option); default the whole app')
    .option('--exempt-ip <cidr>', 'let this address or CIDR range through while the window is in force (repeatable)', collectArgument)
    .option('--exempt-path <pattern>', 'let this path pattern through while the window is in force (repeatable)', collectArgument)
    .option('--translation <tag=text>', 'the message in another language, e.g. de="Um 3 Uhr zurück" (repeatable)', collectArgument);
}

/** The translations `--translation tag=text` names (the service checks tags and texts), or undefined when none. */
export function translationsOf(options: CoverageOptions): Record<string, string> | undefined {
  if (!options.translation) return undefined;
  const entries = options.translation.map((entry) => {
    const at = entry.indexOf('=');
    return at === -1 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
  });
  return Object.fromEntries(entries) as Record<string, string>;
}

/** The exemptions the options name, or undefined when they name none. */
export function exemptionsOf(options: CoverageOptions): { ips: string[]; paths: string[] } | undefined {
  if (!options.exemptIp && !options.exemptPath) return undefined;
  return { ips: options.exemptIp ?? [], paths: options.exemptPath ?? [] };
}

/** The window workflow: `windows`, `request`, `approve`, `reject`, `cancel`. */
export function registerWindowCommands(program: Command, runner: CliRunner): void {
  program
    .command('windows')
    .description('list maintenance windows, newest request first')
    .addOption(new Option('--status <status>', 'only windows in this status').choices(MAINTENANCE_WINDOW_STATUSES))
    .addOption(new Option('--mode <mode>', 'only windows of this mode').choices(MAINTENANCE_MODES))
    .option('--scope <name>', 'only windows of this scope ("" for the whole app\'s)')
    .option('--limit <n>', 'how many (at most 200)', positiveNumberArgument)
    .option('--cursor <cursor>', 'continue a listing where the previous page ended')
    .option('--json', 'print { items, nextCursor } as JSON')
    .action((options: { status?: MaintenanceWindowStatus; mode?: MaintenanceMode; scope?: string; limit?: number; cursor?: string }, command: Command) =>
      runner.read(command, async ({ maintenance, output, json }) => {
        const page = await maintenance.listWindows({
          status: options.status,
          mode: options.mode,
          scope: options.scope === undefined ? undefined : options.scope === '' ? null : options.scope,
          limit: options.limit,
          cursor: options.cursor,
        });
        if (json) return printJson(output, page);
        output.stdout(formatWindowTable(page.items) + formatNextPage('--cursor', page.nextCursor));
      }),
    );

  addCoverageOptions(program.command('request'))
    .description('request a scheduled window; it waits for approval unless approvals are switched off')
    .addOption(new Option('--mode <mode>', 'full blocks every request, read-only blocks writes').choices(MAINTENANCE_MODES).makeOptionMandatory())
    .requiredOption('--reason <text>', 'why, for the approvers and the audit log')
    .option('--message <text>', 'message shown to users')
    .option('--starts <iso>', 'start (ISO 8601 with offset); default now. With --rrule: the first occurrence', isoDateArgument)
    .option('--until <iso>', 'end (ISO 8601 with offset); default open-ended. With --rrule: the end of the series', isoDateArgument)
    .option('--for <duration>', 'length from the start: 90s, 30m, 2h, 1h30m. With --rrule: the length of each occurrence', durationArgument)
    .option('--rrule <rule>', 'recur by this RFC 5545 RRULE, e.g. "FREQ=WEEKLY;BYDAY=SU" (needs --starts, --time-zone, --for)')
    .option('--time-zone <iana>', 'with --rrule: the time zone that keeps the local start time, e.g. Europe/Berlin')
    .option('--json', 'print the window as JSON')
    .action((options: RequestOptions, command: Command) =>
      runner.write(command, async ({ maintenance, actor, output, json }) => {
        if (options.until && options.for !== undefined && !options.rrule)
          command.error('error: --until and --for cannot be used together without --rrule', { exitCode: 2 });
        if (options.rrule && (!options.starts || !options.timeZone || options.for === undefined)) {
          command.error('error: --rrule needs --starts (the first occurrence), --time-zone and --for (the length of each occurrence)', { exitCode: 2 });
        }
        const startsAt = options.starts ?? new Date();
        const endsAt = options.until ?? (options.for !== undefined && !options.rrule ? new Date(startsAt.getTime() + options.for) : null);
        const recurrence = options.rrule ? { rule: options.rrule, timeZone: options.timeZone!, durationMinutes: options.for! / 60_000 } : undefined;
        const window = await maintenance.requestWindow(
          {
            mode: options.mode,
            reason: options.reason,
            message: options.message ?? null,
            startsAt,
            endsAt,
            scope: options.scope,
            exemptions: exemptionsOf(options),
            translations: translationsOf(options),
            recurrence,
          },
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
    .option('--occurrence <iso>', 'cancel only the occurrence of a recurring window that starts at this time', isoDateArgument)
    .option('--json', 'print the window as JSON')
    .action((id: string, options: { reason?: string; occurrence?: Date }, command: Command) =>
      runner.write(command, async ({ maintenance, actor, output, json }) => {
        const window = await maintenance.cancel(id, { reason: options.reason ?? null, occurrence: options.occurrence }, actor);
        if (json) return printJson(output, window);
        output.stdout(`${options.occurrence ? 'Occurrence cancelled.' : 'Window cancelled.'}\n${formatWindow(window)}`);
      }),
    );

  addCoverageOptions(program.command('edit'))
    .description('change a window: --until/--extend/--message at once (also while in force); the rest needs a new approval')
    .argument('<id>', 'window id')
    .option('--until <iso>', 'new end (ISO 8601 with offset)', isoDateArgument)
    .option('--extend <duration>', 'move the end later by this long: 30m, 2h', durationArgument)
    .option('--open-ended', 'no end')
    .option('--message <text>', 'new message shown to users')
    .addOption(new Option('--mode <mode>', 'new mode (needs a new approval)').choices(MAINTENANCE_MODES))
    .option('--starts <iso>', 'new start (needs a new approval)', isoDateArgument)
    .option('--whole-app', 'cover the whole app instead of a scope (needs a new approval)')
    .option('--no-exemptions', 'drop the exemptions (needs a new approval)')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print the window as JSON')
    .action((id: string, options: EditOptions, command: Command) =>
      runner.write(command, async ({ maintenance, actor, output, json }) => {
        const ends = [options.until, options.extend, options.openEnded].filter((given) => given !== undefined);
        if (ends.length > 1) command.error('error: give one of --until, --extend and --open-ended', { exitCode: 2 });
        let endsAt: Date | null | undefined = options.openEnded ? null : options.until;
        if (options.extend !== undefined) {
          const current = await maintenance.getWindow(id);
          if (current.endsAt === null) command.error('error: the window is open-ended; give --until instead of --extend', { exitCode: 2 });
          endsAt = new Date(new Date(current.endsAt).getTime() + options.extend);
        }
        // commander sets exemptions: true unless --no-exemptions is given.
        const dropExemptions = (options as { exemptions?: boolean }).exemptions === false;
        const window = await maintenance.updateWindow(
          id,
          {
            endsAt,
            message: options.message,
            mode: options.mode,
            startsAt: options.starts,
            scope: options.wholeApp ? null : options.scope,
            exemptions: dropExemptions ? null : exemptionsOf(options),
            translations: translationsOf(options),
            reason: options.reason ?? null,
          },
          actor,
        );
        if (json) return printJson(output, window);
        output.stdout(`Window changed (${window.status}).\n${formatWindow(window)}`);
      }),
    );
}
