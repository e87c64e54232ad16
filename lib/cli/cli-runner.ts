import { Command } from 'commander';
import type { MaintenanceSyncOptions } from '../interfaces/maintenance-module-options.interface';
import { MaintenanceActorContext } from '../interfaces/maintenance-actor.interface';
import { MaintenanceService } from '../windows/maintenance.service';
import { cliActorContext } from './cli-actor';
import { CLI_EXIT_CODES } from './cli-errors';
import { CliOutput } from './cli-output';

/** Options every command accepts (declared on the program, usable before or after the command name). */
export interface CliGlobalOptions {
  dataSource?: string;
  url?: string;
  actor?: string;
  approvalsRequired?: number;
  allowSelfApproval?: boolean;
  auditKey?: string;
  sync?: MaintenanceSyncOptions;
  verbose?: boolean;
  /** Declared per command, but may be given on a parent (`audit --json verify`). */
  json?: boolean;
}

/** What a reading command gets. */
export interface ReadContext {
  maintenance: MaintenanceService;
  output: CliOutput;
  json: boolean;
}

/** What a changing command gets: also who acts. */
export interface WriteContext extends ReadContext {
  actor: MaintenanceActorContext;
}

/** A command's work; it may return an exit code other than 0 (e.g. a broken audit chain). */
export type CommandWork<C> = (context: C) => Promise<number | void>;

/**
 * Runs command actions against the database: resolves the global options, opens the module around the
 * work and remembers the exit code the work asks for. Errors propagate to `runCli`, which maps them.
 */
export class CliRunner {
  /** The exit code of the last command run. */
  exitCode: number = CLI_EXIT_CODES.done;

  constructor(private readonly output: CliOutput) {}

  /** Runs a command that only reads. `checkAuditKey: false` is for `audit verify`, which reports on the chain itself. */
  async read(command: Command, work: CommandWork<ReadContext>, { checkAuditKey = true } = {}): Promise<void> {
    const options = command.optsWithGlobals<CliGlobalOptions>();
    return this.run(options, checkAuditKey, (maintenance) => work({ maintenance, output: this.output, json: options.json === true }));
  }

  /** Runs a command that changes something; the actor is resolved before connecting, so a nameless user fails fast. */
  async write(command: Command, work: CommandWork<WriteContext>): Promise<void> {
    const options = command.optsWithGlobals<CliGlobalOptions>();
    const actor = cliActorContext(options.actor);
    return this.run(options, true, (maintenance) => work({ maintenance, output: this.output, json: options.json === true, actor }));
  }

  private async run(options: CliGlobalOptions, checkAuditKey: boolean, work: (maintenance: MaintenanceService) => Promise<number | void>): Promise<void> {
    // Required on first use, not imported: it pulls in Nest, TypeORM and the database driver, which
    // `--help` and usage errors never need; they answer in a fraction of the time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { withMaintenance } = require('./cli-context') as typeof import('./cli-context');
    const code = await withMaintenance(
      {
        connection: { dataSource: options.dataSource, url: options.url },
        approvalsRequired: options.approvalsRequired,
        allowSelfApproval: options.allowSelfApproval,
        auditKey: options.auditKey,
        sync: options.sync,
        verbose: options.verbose,
        checkAuditKey,
      },
      work,
    );
    this.exitCode = code ?? CLI_EXIT_CODES.done;
  }
}
