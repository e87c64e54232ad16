import { createHash, createHmac } from 'node:crypto';
import { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';

/** The fields an audit hash covers, in a fixed order. */
export type HashedAuditFields = Pick<
  MaintenanceAuditLog,
  'action' | 'actor' | 'source' | 'windowId' | 'reason' | 'ip' | 'userAgent' | 'stateBefore' | 'stateAfter' | 'details' | 'createdAt' | 'prevHash'
>;

/**
 * SHA-256 (or HMAC-SHA-256 with `key`) over a canonical JSON array of the entry and the previous hash.
 * An array, not an object, so the form does not depend on property order.
 */
export function auditHash(entry: HashedAuditFields, key?: string): string {
  const canonical = JSON.stringify([
    entry.action,
    entry.actor,
    entry.source,
    entry.windowId ?? null,
    entry.reason ?? null,
    entry.ip ?? null,
    entry.userAgent ?? null,
    entry.stateBefore ?? null,
    entry.stateAfter ?? null,
    entry.details ?? null,
    entry.createdAt.getTime(),
    entry.prevHash ?? null,
  ]);
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(canonical, 'utf8').digest('hex');
}
