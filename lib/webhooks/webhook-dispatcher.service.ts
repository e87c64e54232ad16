import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions, ResolvedNotifyOptions, ResolvedWebhook } from '../options/maintenance-options.resolver';
import { MaintenanceWebhookStore } from '../persistence/maintenance-webhook.store';
import { MaintenanceRepository } from '../persistence/maintenance.repository';
import { isMissingSchemaError } from '../persistence/database-errors';
import { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';
import { deliverWebhook } from '../notify/webhook-delivery';
import { webhookBody } from '../notify/webhook-payload';
import { webhookHeaders } from '../notify/webhook-signature';
import { retryDelayMs } from '../notify/webhook-backoff';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { MaintenanceEventsService } from '../windows/maintenance-events.service';
import { MESSAGES } from '../maintenance.messages';
import { webhookEventOf } from './webhook-event';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';

const NOTHING_IN_FORCE: MaintenanceState = { mode: 'off', message: null, since: null, until: null, upcoming: [], scopes: [] };

/** Audit entries read at once per webhook. */
const BATCH = 20;

/** Told of each delivery's outcome (the metrics count them). */
export type WebhookOutcomeListener = (webhook: string, delivered: boolean) => void;

/**
 * Delivers the audit log's events to the webhooks. Each webhook's row says up to which entry it has been delivered;
 * an instance that takes the row's lease delivers the entries after it, one at a time and in order, recording each
 * success before the next, and renews the lease before each attempt (an attempt lasts at most `timeoutMs`, the lease
 * that plus 5 s). Only the lease holder sends, so two instances do not send the same event (given clocks that agree
 * within those seconds: the lease is a time); a holder that dies mid-delivery leaves its lease to run out, and the
 * next holder sends that event again with the same `webhook-id` (the receiver's answer was never recorded). A failure is retried with exponential back-off, without
 * end: an event is never dropped, and the delivery status (`GET <adminPath>/webhooks`, `nestjs-maintenance
 * webhooks`) shows a webhook that keeps failing.
 */
@Injectable()
export class WebhookDispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MaintenanceModule');
  private readonly holder = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private ready = false;
  private readonly listeners: WebhookOutcomeListener[] = [];

  constructor(
    private readonly store: MaintenanceWebhookStore,
    private readonly repository: MaintenanceRepository,
    private readonly state: MaintenanceStateService,
    private readonly events: MaintenanceEventsService,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  /** Adds a listener told of every attempt's outcome. */
  onOutcome(listener: WebhookOutcomeListener): void {
    this.listeners.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    const notify = this.options.notify;
    if (!notify) return;
    await this.prepare(notify);
    // A change made here, or heard of from another instance (the state changes with it): deliver at once.
    this.events.addListener(() => this.kick());
    this.state.onModeChange(() => this.kick());
    this.timer = setInterval(() => this.kick(), notify.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Creates the rows of new webhooks; they start after the newest audit entry (no history is replayed). */
  private async prepare(notify: ResolvedNotifyOptions): Promise<void> {
    try {
      const last = await this.store.lastAuditId();
      for (const webhook of notify.webhooks) await this.store.ensure(webhook.name, last, new Date());
      this.ready = true;
    } catch (error) {
      if (isMissingSchemaError(error)) this.logger.error(MESSAGES.webhooksTableMissing);
      else this.logger.warn(`Webhooks not ready yet (retrying): ${(error as Error).message}`);
    }
  }

  /** Starts a round of deliveries, or asks the running one for another when it ends. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .catch((error) => this.logger.warn(`Webhook delivery round failed: ${(error as Error).message}`))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no round is running (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async round(): Promise<void> {
    const notify = this.options.notify!;
    if (!this.ready) await this.prepare(notify);
    if (!this.ready) return;
    // Two reads decide whether there is anything to do: an instance writes (takes a lease) only when there is.
    const last = await this.store.lastAuditId();
    const rows = new Map((await this.store.list()).map((row) => [row.name, row]));
    const now = Date.now();
    for (const webhook of notify.webhooks) {
      if (this.stopped) return;
      const row = rows.get(webhook.name);
      if (!row || row.lastAuditId >= last) continue;
      if ((row.nextAttemptAt && row.nextAttemptAt.getTime() > now) || (row.lockedUntil && row.lockedUntil.getTime() >= now)) continue;
      await this.deliverPending(webhook, notify);
    }
  }

  /** Takes the webhook's lease if it is free and due, and delivers what comes after its position. */
  private async deliverPending(webhook: ResolvedWebhook, notify: ResolvedNotifyOptions): Promise<void> {
    const row = await this.store.claim(webhook.name, this.holder, new Date(), notify.leaseMs);
    if (!row) return;
    let position = row.lastAuditId;
    let failingSince = row.failingSince;
    let attempts = row.attempts;
    try {
      // The state in force as of each event: the last one recorded up to it (requests and approvals record none).
      const recorded = await this.store.stateUpTo(position);
      // Nothing recorded yet: nothing was ever in force (every switch is audited with the state it made).
      let stateBefore: MaintenanceState = recorded ? (JSON.parse(recorded) as MaintenanceState) : NOTHING_IN_FORCE;
      for (;;) {
        const entries = await this.store.entriesAfter(position, BATCH);
        if (entries.length === 0) break;
        for (const entry of entries) {
          if (this.stopped) {
            // Let another instance go on at once rather than after the lease.
            await this.store.release(webhook.name, this.holder);
            return;
          }
          const wanted = webhook.events.has(entry.action);
          const stateOfEvent = stateBefore;
          if (entry.stateAfter) stateBefore = JSON.parse(entry.stateAfter) as MaintenanceState;
          // A fresh lease for this attempt: the bookkeeping before it must not eat into the time it may take.
          if (wanted && !(await this.store.renew(webhook.name, this.holder, new Date(), notify.leaseMs))) return;
          const outcome = wanted ? await this.deliverOne(webhook, entry, notify, stateOfEvent) : { ok: true, error: null };
          if (!outcome.ok) {
            attempts++;
            failingSince ??= new Date();
            const delay = retryDelayMs(attempts, Math.random, notify.retry.firstDelayMs, notify.retry.maxDelayMs);
            await this.store.fail(webhook.name, this.holder, {
              attempts,
              nextAttemptAt: new Date(Date.now() + delay),
              lastError: (outcome.error ?? 'failed').slice(0, 500),
              failingSince,
            });
            return;
          }
          // Recorded before the next one goes: a crash from here on repeats nothing that was acknowledged.
          if (!(await this.store.advance(webhook.name, this.holder, entry.id, new Date(), notify.leaseMs, wanted))) return;
          position = entry.id;
          attempts = 0;
          failingSince = null;
        }
      }
      await this.store.release(webhook.name, this.holder);
    } catch (error) {
      // The lease runs out by itself: the next round (here or elsewhere) goes on from the last recorded delivery.
      this.logger.warn(`Webhook ${webhook.name}: ${(error as Error).message}`);
    }
  }

  private async deliverOne(webhook: ResolvedWebhook, entry: MaintenanceAuditLog, notify: ResolvedNotifyOptions, stateBefore: MaintenanceState) {
    const window = entry.windowId ? await this.repository.findWindow(entry.windowId) : null;
    const event = webhookEventOf(entry, window, stateBefore);
    const body = webhookBody(event, webhook.format);
    const headers = webhook.secret
      ? webhookHeaders(webhook.secret, event.id, body)
      : { 'content-type': 'application/json', 'user-agent': 'nestjs-maintenance-webhooks', 'webhook-id': event.id };
    const result = await deliverWebhook(webhook.url, headers, body, notify.timeoutMs);
    for (const listener of this.listeners) listener(webhook.name, result.ok);
    if (!result.ok) this.logger.warn(`Webhook ${webhook.name}: ${event.type} (${event.id}) not delivered: ${result.error}; retrying later.`);
    return result;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
