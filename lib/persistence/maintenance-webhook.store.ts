import { MaintenanceAuditLog } from './entities/maintenance-audit-log.entity';
import { MaintenanceWebhook } from './entities/maintenance-webhook.entity';

/** What a failed attempt records. */
export interface WebhookFailure {
  attempts: number;
  nextAttemptAt: Date;
  lastError: string;
  failingSince: Date;
}

/**
 * The webhooks' positions in the audit log and their leases, apart from the repository: only apps with webhooks use
 * them, and the store's writes are conditional updates that must report whether they applied (the lease).
 */
export abstract class MaintenanceWebhookStore {
  /** Creates the webhook's row, starting after audit entry `afterAuditId`, unless it exists (another instance may race). */
  abstract ensure(name: string, afterAuditId: number, now: Date): Promise<void>;
  /** Takes the lease when it is free (or expired) and the next attempt is due; the row when taken, else null. */
  abstract claim(name: string, holder: string, now: Date, leaseMs: number): Promise<MaintenanceWebhook | null>;
  /** Records a delivery (or a skip) up to `auditId` and renews the lease; false when the lease was lost. */
  abstract advance(name: string, holder: string, auditId: number, now: Date, leaseMs: number, delivered: boolean): Promise<boolean>;
  /** Extends the lease from `now`; false when it was lost. */
  abstract renew(name: string, holder: string, now: Date, leaseMs: number): Promise<boolean>;
  /** Records a failed attempt and lets the lease go. */
  abstract fail(name: string, holder: string, failure: WebhookFailure): Promise<void>;
  /** Lets the lease go. */
  abstract release(name: string, holder: string): Promise<void>;
  /** Every webhook's row. */
  abstract list(): Promise<MaintenanceWebhook[]>;
  /** Audit entries after `afterId`, oldest first. */
  abstract entriesAfter(afterId: number, limit: number): Promise<MaintenanceAuditLog[]>;
  /** How many audit entries with one of `actions` come after `afterId`. */
  abstract countAfter(afterId: number, actions: readonly string[]): Promise<number>;
  /** The state recorded by the newest audit entry up to `auditId` that records one (as JSON), or null. */
  abstract stateUpTo(auditId: number): Promise<string | null>;
  /** The id of the newest audit entry, 0 when there is none. */
  abstract lastAuditId(): Promise<number>;
}
