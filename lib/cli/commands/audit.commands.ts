import { Command, Option } from 'commander';
import { MAINTENANCE_AUDIT_ACTIONS, MaintenanceAuditAction } from '../../interfaces/maintenance-mode.type';
import { CLI_EXIT_CODES } from '../cli-errors';
import { CliRunner } from '../cli-runner';
import { printJson } from '../cli-output';
import { formatAuditTable, formatNextPage, formatVerification } from '../human-views';
import { positiveNumberArgument } from '../option-parsers';

interface AuditOptions {
  limit?: number;
  action?: MaintenanceAuditAction;
  by?: string;
  window?: string;
  before?: number;
}

/** `audit` (list) and `audit verify` (check the hash chain). */
export function registerAuditCommands(program: Command, runner: CliRunner): void {
  const audit = program
    .command('audit')
    .description('list audit entries, newest first; "audit verify" checks the hash chain')
    .option('--limit <n>', 'how many (at most 200)', positiveNumberArgument)
    .addOption(new Option('--action <action>', 'only this action').choices(MAINTENANCE_AUDIT_ACTIONS))
    // Not --actor: that global option names who runs the command.
    .option('--by <actor>', 'only entries by this actor')
    .option('--window <id>', 'only entries about this window')
    .option('--before <id>', 'only entries older than this entry id (the next-page cursor)', positiveNumberArgument)
    .option('--json', 'print { items, nextCursor } as JSON')
    .action((options: AuditOptions, command: Command) =>
      runner.read(command, async ({ maintenance, output, json }) => {
        const page = await maintenance.listAudit({
          limit: options.limit,
          action: options.action,
          actor: options.by,
          windowId: options.window,
          beforeId: options.before,
        });
        // The admin API's view, so both print the same JSON; required here because it loads Swagger.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { MaintenanceAuditEntryView } = require('../../admin/dto/maintenance-responses') as typeof import('../../admin/dto/maintenance-responses');
        const items = page.items.map((entry) => MaintenanceAuditEntryView.from(entry));
        if (json) return printJson(output, { items, nextCursor: page.nextCursor });
        output.stdout(formatAuditTable(items) + formatNextPage('--before', page.nextCursor));
      }),
    );

  audit
    .command('verify')
    .description('recompute the audit hash chain; exits 1 when it is broken')
    .option('--json', 'print the verification as JSON')
    .action((_options: unknown, command: Command) =>
      runner.read(
        command,
        async ({ maintenance, output, json }) => {
          const result = await maintenance.verifyAudit();
          if (json) printJson(output, result);
          else output.stdout(formatVerification(result));
          return result.intact ? CLI_EXIT_CODES.done : CLI_EXIT_CODES.refused;
        },
        { checkAuditKey: false },
      ),
    );
}
