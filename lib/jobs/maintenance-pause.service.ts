import { Inject, Injectable, Logger } from '@nestjs/common';
import { MAINTENANCE_MODES, MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceSnapshot } from '../state/maintenance-snapshot';
import { MaintenanceStateService } from '../state/maintenance-state.service';

/**
 * Which modes pause a piece of work, and the name it is reported by.
 * @publicApi
 */
export interface MaintenancePauseOptions {
  /** The modes in which the work pauses. Default both (`full` and `read-only`). */
  modes?: MaintenanceMode[];
  /** The name in logs and in the fleet's drain report. */
  name?: string;
}

/** What `runUnlessPaused` did. @publicApi */
export type MaintenanceRunResult<T> = { ran: true; value: T } | { ran: false };

/** Told of a pause or resume with the public state at that moment. @publicApi */
export type MaintenancePauseListener = (state: MaintenanceState) => unknown;

interface PauseListener {
  listener: MaintenancePauseListener;
  modes: readonly MaintenanceMode[];
  name: string;
  on: 'pause' | 'resume';
}

/** Work that is running and pauses in `modes`. */
interface RunningWork {
  label: string;
  modes: readonly MaintenanceMode[];
}

const pauses = (modes: readonly MaintenanceMode[], mode: MaintenanceMode | 'off'): boolean => mode !== 'off' && modes.includes(mode);

/**
 * The pause switch of background work. Scheduled handlers, BullMQ workers and the app's own pollers ask it whether
 * the mode in force pauses them, it runs their pause and resume hooks when the mode changes, and it knows which of
 * them are still running: the fleet reports the instance drained only when nothing that the mode pauses still runs.
 */
@Injectable()
export class MaintenancePauseService {
  private readonly logger = new Logger('MaintenanceModule');
  private readonly listeners = new Set<PauseListener>();
  private readonly running = new Set<RunningWork>();
  /** Runs skipped since the work's pause began, by label: logged once when the pause begins and once when it ends. */
  private readonly skipped = new Map<string, { count: number; modes: readonly MaintenanceMode[] }>();
  private readonly settledListeners: (() => void)[] = [];
  private drainTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly state: MaintenanceStateService,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {
    state.onModeChange((current, previous) => this.switched(current, previous));
  }

  /** Whether work that pauses in `modes` (default both) is paused now. */
  isPaused(modes: readonly MaintenanceMode[] = MAINTENANCE_MODES): boolean {
    return pauses(modes, this.state.snapshot.mode);
  }

  /**
   * Calls `listener` each time one of `options.modes` comes into force (and none was before), e.g. to stop a
   * consumer. What it returns is awaited as part of the drain. Returns a function that removes the listener.
   */
  onPause(listener: MaintenancePauseListener, options: MaintenancePauseOptions = {}): () => void {
    return this.listen('pause', listener, options);
  }

  /** Calls `listener` each time the pause of `options.modes` ends. Returns a function that removes the listener. */
  onResume(listener: MaintenancePauseListener, options: MaintenancePauseOptions = {}): () => void {
    return this.listen('resume', listener, options);
  }

  /**
   * Runs `work` unless one of `options.modes` is in force; a skipped run is counted and logged once per pause. While
   * it runs it is part of the drain: an instance that switches to maintenance reports drained only after it ends.
   */
  async runUnlessPaused<T>(work: () => T | Promise<T>, options: MaintenancePauseOptions = {}): Promise<MaintenanceRunResult<T>> {
    const modes = options.modes ?? MAINTENANCE_MODES;
    const label = options.name ?? (work.name || 'anonymous work');
    if (this.isPaused(modes)) {
      this.skip(label, modes);
      return { ran: false };
    }
    return { ran: true, value: await this.track(label, modes, work) };
  }

  /** Counts and logs (once per pause) a run of `label` that did not happen. */
  skip(label: string, modes: readonly MaintenanceMode[]): void {
    const entry = this.skipped.get(label);
    if (entry) {
      entry.count++;
      return;
    }
    this.skipped.set(label, { count: 1, modes });
    this.logger.log(`${label} is paused while maintenance (${this.state.snapshot.mode}) is in force; its runs are skipped.`);
  }

  /** Runs `work`, counting it as running (for the drain) until it settles. */
  track<T>(label: string, modes: readonly MaintenanceMode[], work: () => T | Promise<T>): T | Promise<T> {
    const result = work();
    if (!(result instanceof Promise)) return result;
    return this.trackPromise(label, modes, result);
  }

  /** Counts `promise` as running work of `label` until it settles. */
  trackPromise<T>(label: string, modes: readonly MaintenanceMode[], promise: Promise<T>): Promise<T> {
    const entry: RunningWork = { label, modes };
    this.running.add(entry);
    const settle = () => {
      this.running.delete(entry);
      for (const listener of this.settledListeners) listener();
    };
    promise.then(settle, settle);
    return promise;
  }

  /** What the mode in force pauses and is still running, one label per piece of work. */
  stillRunning(): string[] {
    const mode = this.state.snapshot.mode;
    const labels: string[] = [];
    for (const work of this.running) if (pauses(work.modes, mode)) labels.push(work.label);
    return labels;
  }

  /** Adds a listener told each time a piece of tracked work settles (the fleet re-checks its drain). */
  onWorkSettled(listener: () => void): void {
    this.settledListeners.push(listener);
  }

  private listen(on: 'pause' | 'resume', listener: MaintenancePauseListener, options: MaintenancePauseOptions): () => void {
    const entry: PauseListener = { on, listener, modes: options.modes ?? MAINTENANCE_MODES, name: options.name ?? `${on} hook` };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  private switched(current: MaintenanceSnapshot, previous: MaintenanceSnapshot): void {
    for (const entry of this.listeners) {
      const before = pauses(entry.modes, previous.mode);
      const now = pauses(entry.modes, current.mode);
      if (before === now || (entry.on === 'pause') !== now) continue;
      const run = Promise.resolve()
        .then(() => entry.listener(current.state))
        .catch((error: unknown) => this.logger.error(`Maintenance ${entry.on} hook "${entry.name}" failed: ${(error as Error).message}`));
      if (entry.on === 'pause') void this.trackPromise(entry.name, entry.modes, run);
    }
    for (const [label, entry] of this.skipped) {
      if (pauses(entry.modes, current.mode)) continue;
      this.skipped.delete(label);
      this.logger.log(`${label} resumed after maintenance; ${entry.count} run${entry.count === 1 ? ' was' : 's were'} skipped.`);
    }
    this.armDrainReport(current);
  }

  /** After the drain timeout, says what the new mode pauses and is still running. */
  private armDrainReport(current: MaintenanceSnapshot): void {
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = null;
    if (current.mode === 'off') return;
    const timeout = this.options.jobs.drainTimeoutMs;
    this.drainTimer = setTimeout(() => {
      this.drainTimer = null;
      const left = this.stillRunning();
      if (left.length > 0) {
        this.logger.warn(`Still running ${timeout} ms after maintenance (${current.mode}) began, and left to finish: ${left.join(', ')}.`);
      }
    }, timeout);
    this.drainTimer.unref();
  }
}
