import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceEventsService } from '../windows/maintenance-events.service';
import { MaintenanceAuditService } from '../audit/maintenance-audit.service';
import { CandidateWindow, computeSnapshot, failClosedSnapshot, MaintenanceSnapshot } from './maintenance-snapshot';
import { MaintenanceStore } from '../persistence/maintenance-store.service';
import { isMissingSchemaError } from '../persistence/database-errors';

const SYSTEM = { actor: 'system', source: 'system' as const };
/** setTimeout's largest delay; later boundaries are picked up by a later reload. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Keeps the state in memory so requests never wait on the database. It reloads on a timer, at once after
 * a change, and exactly at the next window boundary; it records clock-driven activations and completions
 * once across all instances (a conditional update under the maintenance lock decides who records them).
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

  constructor(
    private readonly store: MaintenanceStore,
    private readonly audit: MaintenanceAuditService,
    private readonly events: MaintenanceEventsService,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {
    this.current =
      options.failMode === 'closed'
        ? failClosedSnapshot(options.defaultMessage)
        : computeSnapshot([], Date.now(), options.noticeMs);
  }

  /** The snapshot in force; read on every request. */
  get snapshot(): MaintenanceSnapshot {
    return this.current;
  }

  /** The public state. */
  getState(): MaintenanceState {
    return this.current.state;
  }

  /** Whether the state has been read from the database at least once. */
  get isLoaded(): boolean {
    return this.loaded;
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
    try {
      windows = await this.store.candidateWindows();
    } catch (error) {
      // Tables not created yet are a set-up step to name, not an outage to report every reload.
      if (isMissingSchemaError(error)) return this.store.reportMissingSchema();
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
    this.store.noteSchemaReadable();
    this.loaded = true;
    this.windows = windows;
    this.recompute();
    await this.recordTransitions(windows);
  }

  /** Recomputes from the windows in memory and arms a timer for the next boundary. */
  private recompute(): void {
    if (this.stopped) return;
    this.current = computeSnapshot(this.windows, Date.now(), this.options.noticeMs);
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

  /** Marks started windows active and ended ones completed; only the instance whose update wins records it. */
  private async recordTransitions(windows: readonly MaintenanceWindow[]): Promise<void> {
    const now = Date.now();
    const due = windows.filter(
      (window) =>
        (window.status === 'approved' && window.startsAt.getTime() <= now) ||
        (window.endsAt !== null && window.endsAt.getTime() <= now),
    );
    for (const window of due) {
      try {
        await this.transition(window.id, now);
      } catch (error) {
        this.logger.warn(`Could not record the transition of window ${window.id}: ${(error as Error).message}`);
      }
    }
  }

  private async transition(id: string, now: number): Promise<void> {
    const recorded = await this.store.runExclusive(async (manager) => {
      const repository = manager.getRepository(MaintenanceWindow);
      const window = await repository.findOne({ where: { id } });
      if (!window || (window.status !== 'approved' && window.status !== 'active')) return null;
      const ended = window.endsAt !== null && window.endsAt.getTime() <= now;
      const started = window.startsAt.getTime() <= now;
      if (!ended && !(started && window.status === 'approved')) return null;
      const action = ended ? 'completed' : 'activated';
      window.status = ended ? 'completed' : 'active';
      if (ended) window.endedAt = window.endsAt;
      window.updatedAt = new Date(now);
      await repository.save(window);
      const at = ended ? window.endsAt! : window.startsAt;
      // The state just before and at the instant the clock switched it, from what the database holds.
      // Windows that may have been in force around that instant, with their real end (endedAt) when
      // they were ended early.
      const from = at.getTime() - 1;
      const around = await repository
        .createQueryBuilder('w')
        .where('w.status IN (:...statuses)', { statuses: ['approved', 'active', 'completed', 'cancelled'] })
        .andWhere('w.startsAt <= :at', { at: at.getTime() })
        .andWhere('(w.endsAt IS NULL OR w.endsAt >= :from)', { from })
        .andWhere('(w.endedAt IS NULL OR w.endedAt >= :from)', { from })
        .getMany();
      const candidates = around
        .filter((w) => w.status !== 'cancelled' || w.endedAt !== null)
        .map((w) => ({ ...w, endsAt: w.endedAt ?? w.endsAt }));
      const stateAt = (instant: number) => computeSnapshot(candidates, instant, this.options.noticeMs).state;
      await this.audit.append(manager, {
        action,
        context: SYSTEM,
        windowId: window.id,
        reason: ended ? 'The window reached its end.' : 'The window reached its start.',
        before: stateAt(at.getTime() - 1),
        after: stateAt(at.getTime()),
        details: { window: { id: window.id, mode: window.mode, startsAt: window.startsAt, endsAt: window.endsAt }, at: at.toISOString() },
      });
      return { action, window } as const;
    });
    if (recorded) this.events.emit(recorded.action, recorded.window, 'system', this.current.state);
  }
}
