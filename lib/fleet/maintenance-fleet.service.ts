import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MaintenancePauseService } from '../jobs/maintenance-pause.service';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceDrainReport, MaintenanceInstance } from '../persistence/entities/maintenance-instance.entity';
import { MaintenanceRepository } from '../persistence/maintenance.repository';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { isMissingSchemaError } from '../persistence/database-errors';
import { FORGET_DEAD_INSTANCES_AFTER_MS } from './fleet-status';

/** Heartbeats an instance may miss before it counts as dead. */
const MISSED_HEARTBEATS = 3;
/** How often an instance deletes the rows of instances dead for long (every instance does; the deletes are idempotent). */
const FORGET_EVERY_MS = 10 * 60_000;

/** What a heartbeat says; written at once when it changes, and every interval anyway. */
interface HeartbeatReport {
  stateVersion: number;
  mode: string;
  drained: boolean;
  draining: MaintenanceDrainReport | null;
}

/**
 * Writes this instance's heartbeat row: the state version it enforces, the mode in force here, and whether what was
 * running when the mode switched (writes admitted before the switch, paused jobs and hooks) has finished. It writes
 * every `fleet.heartbeatIntervalMs`, and at once when any of that changes, so `on --wait` returns as soon as the last
 * instance has switched and drained. A graceful shutdown deletes the row.
 */
@Injectable()
export class MaintenanceFleetService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('MaintenanceModule');
  /** This process's id in the fleet. */
  readonly instanceId = randomUUID();
  private readonly startedAt = new Date();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private again = false;
  private lastWritten = '';
  private failing = false;
  private stopped = false;
  private forgottenAt = 0;

  constructor(
    private readonly repository: MaintenanceRepository,
    private readonly state: MaintenanceStateService,
    private readonly pause: MaintenancePauseService,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const fleet = this.options.fleet;
    if (!fleet) return;
    const changed = () => this.beat(false);
    // With no mode in force a drain cannot change: the last write of a burst (every request, under light load) and
    // every tick of a scheduled handler must not cost a report.
    const drainChanged = () => {
      if (this.state.snapshot.mode !== 'off') this.beat(false);
    };
    this.state.onReload(() => Promise.resolve(changed()));
    this.state.onModeChange(changed);
    this.state.writes.onIdle(drainChanged);
    this.pause.onWorkSettled(drainChanged);
    this.timer = setInterval(() => {
      this.beat(true);
      this.forgetDead();
    }, fleet.heartbeatIntervalMs);
    this.timer.unref();
    this.forgetDead();
    this.beat(true);
    await this.writing;
  }

  /** Deletes the rows of instances dead for an hour, at most every ten minutes. */
  private forgetDead(): void {
    const now = Date.now();
    if (now - this.forgottenAt < FORGET_EVERY_MS) return;
    this.forgottenAt = now;
    this.repository.forgetInstances({ expiredBefore: new Date(now - FORGET_DEAD_INSTANCES_AFTER_MS) }).catch(() => undefined);
  }

  /** What this instance would report now. */
  report(): HeartbeatReport {
    const mode = this.state.snapshot.mode;
    const requests = mode === 'off' ? 0 : this.state.writes.size;
    const work = mode === 'off' ? [] : this.pause.stillRunning();
    const drained = requests === 0 && work.length === 0;
    return { stateVersion: this.state.version, mode, drained, draining: drained ? null : { requests, work } };
  }

  /** Writes the heartbeat: always when `force`, otherwise only when the report changed. One write at a time. */
  private beat(force: boolean): void {
    if (this.stopped || !this.options.fleet) return;
    if (this.writing) {
      this.again ||= force || JSON.stringify(this.report()) !== this.lastWritten;
      return;
    }
    const report = this.report();
    const fingerprint = JSON.stringify(report);
    if (!force && fingerprint === this.lastWritten) return;
    this.writing = this.write(report, fingerprint).finally(() => {
      this.writing = null;
      if (this.again) {
        this.again = false;
        this.beat(false);
      }
    });
  }

  private async write(report: HeartbeatReport, fingerprint: string): Promise<void> {
    const now = Date.now();
    const row = Object.assign(new MaintenanceInstance(), {
      id: this.instanceId,
      name: this.options.fleet!.instanceName,
      stateVersion: report.stateVersion,
      mode: report.mode,
      drained: report.drained,
      draining: report.draining === null ? null : JSON.stringify(report.draining),
      startedAt: this.startedAt,
      seenAt: new Date(now),
      expiresAt: new Date(now + MISSED_HEARTBEATS * this.options.fleet!.heartbeatIntervalMs + 1000),
    });
    try {
      await this.repository.saveInstance(row);
      this.lastWritten = fingerprint;
      if (this.failing) this.logger.log('Maintenance heartbeat written again.');
      this.failing = false;
    } catch (error) {
      // The missing table was named at start-up (MESSAGES.fleetTableMissing); any other failure is said once, until it heals.
      if (!this.failing && !isMissingSchemaError(error)) this.logger.warn(`Cannot write this instance's maintenance heartbeat: ${(error as Error).message}`);
      this.failing = true;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.options.fleet || this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.writing;
    await this.repository.forgetInstances({ id: this.instanceId }).catch(() => undefined);
  }
}
