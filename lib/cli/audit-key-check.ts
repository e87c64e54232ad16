import { DataSource } from 'typeorm';
import { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';
import { auditHash } from '../audit/audit-hash';
import { MAINTENANCE_AUDIT_KEY_ENV } from './cli.constants';
import { CliRefusal } from './cli-errors';

/**
 * Refuses to go on when the newest audit entry does not verify with `key`. Every entry the CLI appends
 * is chained to it with `key`: with a key other than the app's `audit.key` the CLI would break the
 * tamper-evident chain for good, so it checks before it can write anything (even a read command may
 * record a window that reached its start or end).
 * @throws CliRefusal naming the likely cause.
 */
export async function assertAuditKeyMatches(dataSource: DataSource, key: string | undefined): Promise<void> {
  const [newest] = await dataSource.getRepository(MaintenanceAuditLog).find({ order: { id: 'DESC' }, take: 1 });
  if (!newest || auditHash(newest, key) === newest.hash) return;
  const cause = !key
    ? `The app probably signs its audit log with audit.key: give the CLI the same key (${MAINTENANCE_AUDIT_KEY_ENV} or --audit-key).`
    : auditHash(newest, undefined) === newest.hash
      ? `The app does not sign its audit log with a key: drop --audit-key / ${MAINTENANCE_AUDIT_KEY_ENV}.`
      : `Either the key differs from the app's audit.key, or the entry was altered ("nestjs-maintenance audit verify" tells).`;
  throw new CliRefusal(
    `The newest audit entry (#${newest.id}) does not verify with the CLI's audit key, so anything the CLI recorded would break the chain. ${cause}`,
  );
}
