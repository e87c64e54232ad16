import { Command } from 'commander';
import type { DataSource } from 'typeorm';
import type { MaintenanceWebhookStatus } from '../../webhooks/webhook-status';
import { CliRefusal } from '../cli-errors';
import { printJson } from '../cli-output';
import { CliGlobalOptions, CliRunner } from '../cli-runner';
import { formatWebhookTable } from '../human-views';
import { commandOutput } from './page.commands';

/** The migration that creates the `maintenance_webhooks` table. */
const WEBHOOKS_MIGRATION = 'MaintenanceNotifications1798848000000';

/**
 * Every webhook's delivery status from the `maintenance_webhooks` table. The CLI does not know the app's
 * `notify.webhooks`, so `pending` counts every audit entry after the webhook's position, whatever its events.
 * @throws CliRefusal when the table is missing (the migration has not run).
 */
export async function readWebhookStatuses(dataSource: DataSource): Promise<MaintenanceWebhookStatus[]> {
  // Required here, not imported: they load TypeORM and Nest, which `--help` never needs.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { TypeOrmWebhookStore } =
    require('../../persistence/typeorm/typeorm-webhook.store') as typeof import('../../persistence/typeorm/typeorm-webhook.store');
  const { webhookStatuses } = require('../../webhooks/webhook-status') as typeof import('../../webhooks/webhook-status');
  const { isMissingSchemaError } = require('../../persistence/database-errors') as typeof import('../../persistence/database-errors');
  /* eslint-enable @typescript-eslint/no-require-imports */
  try {
    return await webhookStatuses(new TypeOrmWebhookStore(dataSource));
  } catch (error) {
    if (!isMissingSchemaError(error)) throw error;
    throw new CliRefusal(
      `The maintenance_webhooks table cannot be read: ${(error as Error).message}. The CLI never creates or changes the schema: ` +
        `run the app's migrations (${WEBHOOKS_MIGRATION} adds it) first.`,
    );
  }
}

/** `webhooks`: where each webhook of the app stands in the audit log. */
export function registerWebhookCommands(program: Command, _runner: CliRunner): void {
  program
    .command('webhooks')
    .summary("show the delivery status of the app's webhooks")
    .description(
      "show the delivery status of the app's webhooks: up to which audit entry each was delivered, how many events wait, " +
        'and whether the next one is failing. PENDING counts every later audit entry: the CLI does not know which events ' +
        'each webhook takes (GET /maintenance/webhooks of the app does)',
    )
    .option('--json', 'print the statuses as a JSON array')
    .action(async (_options: unknown, command: Command) => {
      // Only the database is needed, not the module: no Nest app is started and nothing is written.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { resolveConnectionOptions } = require('../connection-options') as typeof import('../connection-options');
      const { openDataSource } = require('../open-data-source') as typeof import('../open-data-source');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const options = command.optsWithGlobals<CliGlobalOptions>();
      const output = commandOutput(command);
      const dataSource = await openDataSource(await resolveConnectionOptions({ dataSource: options.dataSource, url: options.url }));
      try {
        const statuses = await readWebhookStatuses(dataSource);
        if (options.json) printJson(output, statuses);
        else output.stdout(formatWebhookTable(statuses));
      } finally {
        await dataSource.destroy();
      }
    });
}
