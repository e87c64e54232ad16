import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './epoch-ms.transformer';

/**
 * Where one webhook stands: the audit entry up to which its events were delivered, and the attempts at the next one.
 * The audit log is the outbox: every change appends its entry in the change's own transaction, so an event can never
 * be lost, and each webhook walks the log from here in order. The instance that holds the row's lease (`lockedBy`
 * until `lockedUntil`) is the only one that delivers to the webhook; a crashed holder's lease runs out and another
 * instance goes on from the last recorded delivery.
 * @publicApi
 */
@Entity('maintenance_webhooks')
export class MaintenanceWebhook {
  /** The webhook's `name`, or its host and a digest of its URL (URLs may hold secrets, so they are not stored). */
  @PrimaryColumn({ type: 'varchar', length: 191 })
  name: string;

  /** The id of the last audit entry delivered (or skipped: not one of the webhook's events). */
  @Column({ type: 'int' })
  lastAuditId: number;

  /** Failed attempts at the next event since its last success. */
  @Column({ type: 'int' })
  attempts: number;

  /** Not before then is the next attempt made (after a failure), or null: at once. */
  @Column({ type: 'bigint', transformer: epochMsTransformer, nullable: true })
  nextAttemptAt: Date | null;

  /** Why the last attempt failed (`HTTP 500`, `timed out after 10000 ms`, …), null after a success. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** Since when the next event has been failing, or null. */
  @Column({ type: 'bigint', transformer: epochMsTransformer, nullable: true })
  failingSince: Date | null;

  @Column({ type: 'bigint', transformer: epochMsTransformer, nullable: true })
  lastDeliveredAt: Date | null;

  /** The instance delivering now (random per process start), or null. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  lockedBy: string | null;

  @Column({ type: 'bigint', transformer: epochMsTransformer, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'bigint', transformer: epochMsTransformer })
  createdAt: Date;
}
