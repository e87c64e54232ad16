import { MaintenanceWebhookStore } from '../persistence/maintenance-webhook.store';

/** Where one webhook stands, as the admin API and the CLI show it. @publicApi */
export interface MaintenanceWebhookStatus {
  name: string;
  /** The last audit entry delivered (or skipped as not one of its events). */
  deliveredUpTo: number;
  /** Events after it, not delivered yet. */
  pending: number;
  /** Failed attempts at the next event since its last success (0: not failing). */
  attempts: number;
  lastError: string | null;
  failingSince: string | null;
  nextAttemptAt: string | null;
  lastDeliveredAt: string | null;
  /** An instance is delivering to it right now. */
  delivering: boolean;
}

const ALL_EVENTS = ['requested', 'approved', 'rejected', 'activated', 'completed', 'cancelled', 'toggled', 'updated'];

/** Every webhook's status; `eventsOf` gives the events a webhook takes (all, when the caller does not know the options). */
export async function webhookStatuses(
  store: MaintenanceWebhookStore,
  eventsOf: (name: string) => readonly string[] = () => ALL_EVENTS,
  now = Date.now(),
): Promise<MaintenanceWebhookStatus[]> {
  const rows = await store.list();
  return Promise.all(
    rows.map(async (row) => ({
      name: row.name,
      deliveredUpTo: row.lastAuditId,
      pending: await store.countAfter(row.lastAuditId, eventsOf(row.name)),
      attempts: row.attempts,
      lastError: row.lastError,
      failingSince: row.failingSince?.toISOString() ?? null,
      nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
      lastDeliveredAt: row.lastDeliveredAt?.toISOString() ?? null,
      delivering: row.lockedBy !== null && (row.lockedUntil?.getTime() ?? 0) >= now,
    })),
  );
}
