import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MaintenanceModuleOptions, MaintenanceSyncOptions } from '../interfaces/maintenance-module-options.interface';
import { MaintenanceService } from '../windows/maintenance.service';
import { assertAuditKeyMatches } from './audit-key-check';
import { MaintenanceCliModule } from './cli.module';
import { CliLogger } from './cli-logger';
import { ConnectionFlags, resolveConnectionOptions } from './connection-options';
import { openDataSource } from './open-data-source';

/**
 * The CLI's state reloads only at start and after its own writes; a long interval keeps its timer from
 * querying during a short-lived command (the timer is unref'd, so it never holds the process open).
 */
const CLI_REFRESH_INTERVAL_MS = 60_000;

/** What the module needs to behave like the app it shares a database with. */
export interface CliModuleSettings {
  connection: ConnectionFlags;
  /** The app's `approvals.required`; the module default (1) when absent. */
  approvalsRequired?: number;
  /** The app's `approvals.allowSelfApproval`. */
  allowSelfApproval?: boolean;
  /** The app's `audit.key`. */
  auditKey?: string;
  /** The app's push channel, so running instances hear of a change at once instead of at their next poll. */
  sync?: MaintenanceSyncOptions;
  /** Log warnings and stack traces. */
  verbose?: boolean;
  /** Check the audit key before starting (all commands but `audit verify`, which reports the chain itself). */
  checkAuditKey: boolean;
}

/**
 * Connects, starts the module in a bare Nest application context, hands `work` the MaintenanceService
 * and closes everything afterwards, whatever happens: a finished command leaves no connection or timer
 * behind, so the process exits by itself.
 */
export async function withMaintenance<T>(settings: CliModuleSettings, work: (maintenance: MaintenanceService) => Promise<T>): Promise<T> {
  const dataSource = await openDataSource(await resolveConnectionOptions(settings.connection));
  let app: INestApplicationContext | undefined;
  try {
    if (settings.checkAuditKey) await assertAuditKeyMatches(dataSource, settings.auditKey);
    app = await NestFactory.createApplicationContext(MaintenanceCliModule.register(dataSource, moduleOptions(settings)), {
      logger: new CliLogger(settings.verbose ?? false),
      // Nest would otherwise abort the process on a start-up error, skipping the CLI's message and exit code.
      abortOnError: false,
    });
    return await work(app.get(MaintenanceService));
  } finally {
    // Closing the context destroys the DataSource (TypeOrmModule owns it from then on).
    if (app) await app.close();
    else if (dataSource.isInitialized) await dataSource.destroy();
  }
}

function moduleOptions(settings: CliModuleSettings): MaintenanceModuleOptions {
  const approvals: MaintenanceModuleOptions['approvals'] = {};
  if (settings.approvalsRequired !== undefined) approvals.required = settings.approvalsRequired;
  if (settings.allowSelfApproval !== undefined) approvals.allowSelfApproval = settings.allowSelfApproval;
  return {
    refreshIntervalMs: CLI_REFRESH_INTERVAL_MS,
    approvals,
    // The CLI is not an instance of the app: it must not appear in the fleet it waits for.
    fleet: false,
    ...(settings.auditKey ? { audit: { key: settings.auditKey } } : {}),
    ...(settings.sync ? { sync: settings.sync } : {}),
  };
}
