import { Command, Option } from 'commander';
import { registerAuditCommands } from './commands/audit.commands';
import { registerPageCommands } from './commands/page.commands';
import { registerToggleCommands } from './commands/toggle.commands';
import { registerWebhookCommands } from './commands/webhook.commands';
import { registerWindowCommands } from './commands/window.commands';
import { MAINTENANCE_APPROVALS_REQUIRED_ENV, MAINTENANCE_AUDIT_KEY_ENV, MAINTENANCE_DATABASE_URL_ENV, MAINTENANCE_SYNC_ENV } from './cli.constants';
import { CliOutput } from './cli-output';
import { CliRunner } from './cli-runner';
import { cliVersion } from './cli-version';
import { syncArgument, wholeNumberArgument } from './option-parsers';

const EPILOGUE = `
Connection (one of):
  -d dist/data-source.js        a compiled file exporting the app's TypeORM DataSource
  --url sqlite:data/app.sqlite  or postgres://, mysql://, mariadb://
  ${MAINTENANCE_DATABASE_URL_ENV}      environment variable, used when neither is given
The CLI never creates or changes the schema; run the app's migrations first.

Exit codes: 0 done, 1 refused or failed (reason on stderr), 2 usage error.

Examples:
  $ nestjs-maintenance --url sqlite:data/app.sqlite on --mode read-only --reason "DB upgrade" --for 30m
  $ nestjs-maintenance -d dist/data-source.js off --reason "Upgrade done"
  $ nestjs-maintenance status --json
  $ nestjs-maintenance request --mode full --reason "Migration" --starts 2030-01-31T22:00:00Z --for 2h
  $ nestjs-maintenance approve 3f0c... --comment "Go"
  $ nestjs-maintenance page --message "Back at 10:00" --locale de --out /var/www/maintenance.html
  $ nestjs-maintenance webhooks`;

/**
 * The `nestjs-maintenance` command line. Connection and module settings are program options, accepted
 * before or after the command name. Commander reports usage errors; `runCli` turns them into exit 2.
 */
export function buildCliProgram(runner: CliRunner, output: CliOutput): Command {
  const program = new Command('nestjs-maintenance')
    .description('Switch maintenance on and off, run the approval workflow and read the audit log of a nestjs-maintenance app.')
    .version(cliVersion(), '-V, --version')
    // Settings below are inherited by every command created afterwards.
    .exitOverride()
    .configureOutput({ writeOut: (text) => output.stdout(text), writeErr: (text) => output.stderr(text) })
    .showHelpAfterError('(add --help for usage)')
    .option('-d, --data-source <file>', "a .js file exporting the app's TypeORM DataSource (like typeorm's CLI)")
    .option('--url <url>', `database URL (sqlite:<file>, postgres://, mysql://, mariadb://); env ${MAINTENANCE_DATABASE_URL_ENV}`)
    .option('--actor <name>', 'who is acting, for the audit log (default: the operating-system user)')
    .addOption(
      new Option('--approvals-required <n>', "the app's approvals.required: distinct approvers a window needs")
        .argParser(wholeNumberArgument)
        .env(MAINTENANCE_APPROVALS_REQUIRED_ENV),
    )
    .option('--allow-self-approval', "the app's approvals.allowSelfApproval")
    .addOption(new Option('--audit-key <key>', "the app's audit.key (prefer the environment variable)").env(MAINTENANCE_AUDIT_KEY_ENV))
    .addOption(
      new Option('--sync <channel>', "the app's push channel, so running instances hear of a change at once: postgres, or a redis:// URL")
        .argParser(syncArgument)
        .env(MAINTENANCE_SYNC_ENV),
    )
    .option('--verbose', 'print warnings and stack traces')
    .addHelpText('after', EPILOGUE);

  registerToggleCommands(program, runner);
  registerWindowCommands(program, runner);
  registerAuditCommands(program, runner);
  registerPageCommands(program, runner);
  registerWebhookCommands(program, runner);
  return program;
}
