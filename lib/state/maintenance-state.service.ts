import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MAINTENANCE_RESOLVED_OPTIONS, MAX_TIMER_MS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { CandidateWindow, computeSnapshot, failClosedSnapshot, isInForce, MaintenanceSnapshot } from './maintenance-snapshot';
import { MaintenanceRepository } from '../persistence/maintenance.repository';
import { isMissingSchemaError } from '../persistence/database-errors';
import { InFlightWrites } from './in-flight-writes';

/** Told of the windows each reload read, after the snapshot was switched (see `onReload`). */
export type MaintenanceReloadListener = (windows: readonly MaintenanceWindow[]) => Promise<void>;

/** Told, synchronously, of every snapshot computed (see `onSnapshot`). */
export type MaintenanceSnapshotListener = (current: MaintenanceSnapshot) => void;

/** Told, synchronously, that the mode in force changed (see `onModeChange`). */
export type MaintenanceModeListener = (current: MaintenanceSnapshot, previous: MaintenanceSnapshot) => void;

/**
 * Keeps the state in memory so requests never wait on the database. It reloads on a timer, at once after
 * a change, and exactly at the next window boundary (later boundaries are picked up by a later reload). It
 * only reads: what a reload means for the stored windows (a window that started or ended) is recorded by a
 * reload listener, the window transitions of `windows/`.
 */
@Injectable()
export class MaintenanceStateService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MaintenanceModule');
  private current: MaintenanceSnapshot;
  private windows: CandidateWindow[] = [];
  private loaded = false;
  private failing = false;
  private inflight: Promise<void> | null = null;
  private rerun: Promise<void> | null = null;
  private interval: NodeJS.Timeout | null = null;
  private boundaryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  private readonly reloadListeners: MaintenanceReloadListener[] = [];
  private readonly modeListeners: MaintenanceModeListener[] = [];
  private readonly snapshotListeners: MaintenanceSnapshotListener[] = [];
  private stateVersion = -1;
  /** Writes let through while no mode was in force and not finished yet (counted by the guard and the Fastify hook). */
  readonly writes = new InFlightWrites();

  constructor(
    private readonly repository: MaintenanceRepository,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {
    this.current = options.failMode === 'closed' ? failClosedSnapshot(options.defaultMessage) : computeSnapshot([], Date.now(), options.noticeMs);
  }

  /** The snapshot in force; read on every request. */
  get snapshot(): MaintenanceSnapshot {
    return this.current;
  }

  /** The public state. */
  getState(): MaintenanceState {
    return this.current.state;
  }

  /**
   * Whether the mode in force for `scope` (null: the whole app) comes from a planned window, requested and approved,
   * rather than from the emergency toggle: what lets alerting tell planned maintenance from an incident.
   */
  plannedInForce(scope: string | null): boolean {
    const now = Date.now();
    return this.windows.some((window) => (window.scope ?? null) === scope && !(window as { emergency?: boolean }).emergency && isInForce(window, now));
  }

  /** Whether the state has been read from the database at least once. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  /**
   * The version of the stored state (see `MaintenanceRepository.stateVersion`) this instance enforces, -1 before
   * the first reload. Read before the windows, so what is enforced is at least as new as this.
   */
  get version(): number {
    return this.stateVersion;
  }

  /** Adds a listener told at once whenever the mode in force changes, by a reload or by the clock. */
  onModeChange(listener: MaintenanceModeListener): void {
    this.modeListeners.push(listener);
  }

  /**
   * Adds a listener told at once of every snapshot computed (by a reload or by the clock), changed or not: it
   * decides itself what a change is to it (the live stream compares the public state).
   */
  onSnapshot(listener: MaintenanceSnapshotListener): void {
    this.snapshotListeners.push(listener);
  }

  /** Adds a listener that every successful reload awaits before it resolves. */
  onReload(listener: MaintenanceReloadListener): void {
    this.reloadListeners.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.interval = setInterval(() => this.refreshQuietly(), this.options.refreshIntervalMs);
    this.interval.unref();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    if (this.boundaryTimer) clearTimeout(this.boundaryTimer);
    this.interval = this.boundaryTimer = null;
  }

  /**
   * Reloads from the database. At most one reload runs at a time; a call made during one waits for a
   * fresh reload after it, so a caller that has just committed a change always sees it.
   */
  refresh(): Promise<void> {
    if (this.inflight) {
      this.rerun ??= this.inflight
        .catch(() => undefined)
        .then(() => {
          this.rerun = null;
          return this.refresh();
        });
      return this.rerun;
    }
    this.inflight = this.load().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** A reload from a timer: its failure is logged, never an unhandled rejection. */
  private refreshQuietly(): void {
    this.refresh().catch((error) => this.logger.error(`Maintenance reload failed: ${(error as Error).message}`));
  }

  private async load(): Promise<void> {
    if (this.stopped) return;
    let windows: MaintenanceWindow[];
    let version: number;
    try {
      version = await this.repository.stateVersion();
      windows = await this.repository.candidateWindows();
    } catch (error) {
      // Tables not created yet are a set-up step to name, not an outage to report every reload.
      if (isMissingSchemaError(error)) return this.repository.reportMissingSchema();
      if (!this.failing) {
        this.failing = true;
        this.logger.error(`Cannot read the maintenance state; keeping the last known one: ${(error as Error).message}`);
      }
      return;
    }
    if (this.failing) {
      this.failing = false;
      this.logger.log('Maintenance state readable again.');
    }
    this.repository.noteSchemaReadable();
    this.loaded = true;
    this.stateVersion = version;
    this.windows = windows;
    this.recompute();
    for (const listener of this.reloadListeners) await listener(windows);
  }

  /** Recomputes from the windows in memory and arms a timer for the next boundary. */
  private recompute(): void {
    if (this.stopped) return;
    const previous = this.current;
    this.current = computeSnapshot(this.windows, Date.now(), this.options.noticeMs, this.options.scopes);
    if (this.current.mode !== previous.mode) {
      // The writes let through before a mode began are what its drain waits for.
      if (previous.mode === 'off') this.writes.beginDrain();
      for (const listener of this.modeListeners) {
        try {
          listener(this.current, previous);
        } catch (error) {
          this.logger.error(`A maintenance mode listener failed: ${(error as Error).message}`);
        }
      }
    }
    for (const listener of this.snapshotListeners) {
      try {
        listener(this.current);
      } catch (error) {
        this.logger.error(`A maintenance snapshot listener failed: ${(error as Error).message}`);
      }
    }
    if (this.boundaryTimer) clearTimeout(this.boundaryTimer);
    this.boundaryTimer = null;
    const next = this.current.nextChangeMs;
    if (next === null) return;
    const delay = Math.max(0, next - Date.now());
    if (delay > MAX_TIMER_MS) return;
    this.boundaryTimer = setTimeout(() => {
      this.boundaryTimer = null;
      // Switch from memory exactly on time, then let a reload record the transition.
      this.recompute();
      this.refreshQuietly();
    }, delay);
    this.boundaryTimer.unref();
  }
}
