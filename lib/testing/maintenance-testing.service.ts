import { Inject, Injectable, NotImplementedException } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { MAINTENANCE_MODES, MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { MaintenancePauseListener, MaintenancePauseOptions, MaintenanceRunResult } from '../jobs/maintenance-pause.service';
import { DisableMaintenanceInput, EnableMaintenanceInput } from '../interfaces/maintenance-service-inputs.interface';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MaintenanceEvent } from '../interfaces/maintenance-event.interface';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { CandidateWindow, computeSnapshot, MaintenanceSnapshot } from '../state/maintenance-snapshot';
import { InFlightWrites } from '../state/in-flight-writes';
import { MaintenanceServiceContract } from '../windows/maintenance.service';

/**
 * The state of `MaintenanceTestingModule`: in memory, no database. It stands in for both the state the
 * guard reads and `MaintenanceService` (`getState`, `enable`, `disable`), so app code that injects the
 * service works in tests; the window workflow is not available. It implements `MaintenanceServiceContract`,
 * so the compiler keeps it in step with the real service.
 * @publicApi
 */
@Injectable()
export class MaintenanceTestingService implements MaintenanceServiceContract {
  private current: MaintenanceSnapshot;
  /** The window in force per scope ('' for the whole app). */
  private readonly windows = new Map<string, CandidateWindow>();
  private readonly subject = new Subject<MaintenanceEvent>();
  /** What the guard counts as it does on the real state (nothing waits for it here). */
  readonly writes = new InFlightWrites();

  private readonly pauseListeners = new Set<{ on: 'pause' | 'resume'; listener: MaintenancePauseListener; modes: readonly MaintenanceMode[] }>();

  constructor(@Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions) {
    this.current = computeSnapshot([], Date.now(), options.noticeMs);
  }

  /**
   * Switches the mode in force: `set('full')`, `set('read-only', { message, until })`, `set('off')`; with `scope`, for
   * that scope only (`set('read-only', { scope: 'checkout' })`). `set('off')` without a scope ends them all.
   */
  set(mode: MaintenanceMode | 'off', details: { message?: string; until?: Date; scope?: string | null } = {}): MaintenanceState {
    const now = Date.now();
    const scope = details.scope ?? null;
    if (mode === 'off' && scope === null) this.windows.clear();
    else if (mode === 'off') this.windows.delete(scope ?? '');
    else {
      this.windows.set(scope ?? '', {
        id: `testing-${scope ?? 'app'}`,
        mode,
        status: 'active',
        message: details.message ?? null,
        startsAt: new Date(now),
        endsAt: details.until ?? null,
        scope,
      });
    }
    const before = this.current.mode;
    this.current = computeSnapshot([...this.windows.values()], now, this.options.noticeMs, this.options.scopes);
    for (const { on, listener, modes } of this.pauseListeners) {
      const paused = modes.includes(mode as MaintenanceMode);
      if (paused !== modes.includes(before as MaintenanceMode) && paused === (on === 'pause')) void listener(this.current.state);
    }
    return this.current.state;
  }

  /** Whether `modes` (default both) pause work now. */
  isPaused(modes: MaintenanceMode[] = [...MAINTENANCE_MODES]): boolean {
    return modes.includes(this.current.mode as MaintenanceMode);
  }

  /** Calls `listener` when `set()` switches into one of `options.modes`. */
  onPause(listener: MaintenancePauseListener, options: MaintenancePauseOptions = {}): () => void {
    const entry = { on: 'pause' as const, listener, modes: options.modes ?? MAINTENANCE_MODES };
    this.pauseListeners.add(entry);
    return () => this.pauseListeners.delete(entry);
  }

  /** Calls `listener` when `set()` switches out of `options.modes`. */
  onResume(listener: MaintenancePauseListener, options: MaintenancePauseOptions = {}): () => void {
    const entry = { on: 'resume' as const, listener, modes: options.modes ?? MAINTENANCE_MODES };
    this.pauseListeners.add(entry);
    return () => this.pauseListeners.delete(entry);
  }

  /** Runs `work` unless `options.modes` are in force. */
  async runUnlessPaused<T>(work: () => T | Promise<T>, options: MaintenancePauseOptions = {}): Promise<MaintenanceRunResult<T>> {
    if (this.isPaused(options.modes)) return { ran: false };
    return { ran: true, value: await work() };
  }

  /** The fleet is in the database: use MaintenanceModule with SQLite for it. */
  fleetStatus(): never {
    throw noWindows();
  }

  waitForFleet(): never {
    throw noWindows();
  }

  /** What the guard reads. */
  get snapshot(): MaintenanceSnapshot {
    return this.current;
  }

  getState(): MaintenanceState {
    return this.current.state;
  }

  get events$(): Observable<MaintenanceEvent> {
    return this.subject.asObservable();
  }

  enable(input: EnableMaintenanceInput): Promise<MaintenanceState> {
    return this.answer(() => this.set(input.mode, { message: input.message ?? undefined, until: input.endsAt ?? undefined, scope: input.scope }));
  }

  disable(input?: DisableMaintenanceInput): Promise<MaintenanceState> {
    return this.answer(() => this.set('off', { scope: input?.scope }));
  }

  /** The emergency switch, in memory: `off` or a mode, at once (per scope when one is named). */
  toggle(input: { mode: MaintenanceMode | 'off'; message?: string | null; endsAt?: Date | null; scope?: string | null }): Promise<MaintenanceState> {
    return this.answer(() => this.set(input.mode, { message: input.message ?? undefined, until: input.endsAt ?? undefined, scope: input.scope }));
  }

  /** As the real service answers: a promise, rejected rather than thrown. */
  private answer(change: () => MaintenanceState): Promise<MaintenanceState> {
    // An executor that throws rejects the promise.
    return new Promise((resolve) => resolve(change()));
  }

  async refresh(): Promise<void> {}

  /** Windows, approvals and the audit log need the database: use MaintenanceModule with SQLite for those. */
  requestWindow(): never {
    throw noWindows();
  }

  approve(): never {
    throw noWindows();
  }

  reject(): never {
    throw noWindows();
  }

  cancel(): never {
    throw noWindows();
  }

  updateWindow(): never {
    throw noWindows();
  }

  getWindow(): never {
    throw noWindows();
  }

  listWindows(): never {
    throw noWindows();
  }

  listAudit(): never {
    throw noWindows();
  }

  verifyAudit(): never {
    throw noWindows();
  }
}

function noWindows(): NotImplementedException {
  return new NotImplementedException('MaintenanceTestingModule has no windows: use MaintenanceModule on a database.');
}
