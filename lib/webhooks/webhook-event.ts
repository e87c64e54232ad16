import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';
import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { WebhookEvent } from '../notify/webhook-payload';
import { windowDetails } from '../windows/window-details';

/**
 * The `webhook-id` of an audit entry's event: the same on every attempt and from every instance, so receivers can drop
 * a repeat. The entry's hash is in it, so a database started afresh (ids from 1 again) never repeats an id.
 */
export function webhookEventId(entry: Pick<MaintenanceAuditLog, 'id' | 'hash'>): string {
  return `msg_${entry.id}_${entry.hash.slice(0, 12)}`;
}

/**
 * The event of an audit entry, as the webhooks get it: the entry's action, actor, time and resulting state, and its
 * window. Entries that change nothing in force (a request, an approval) record no state: they carry `stateBefore`, the
 * state the last entry before them recorded (so a late delivery never shows a later state).
 */
export function webhookEventOf(entry: MaintenanceAuditLog, window: MaintenanceWindow | null, stateBefore: MaintenanceState): WebhookEvent {
  const type = entry.action;
  return {
    id: webhookEventId(entry),
    name: `maintenance.${type}`,
    type,
    window: window ? windowDetails(window) : null,
    actor: entry.actor,
    state: entry.stateAfter ? (JSON.parse(entry.stateAfter) as MaintenanceState) : stateBefore,
    at: entry.createdAt.toISOString(),
  };
}
