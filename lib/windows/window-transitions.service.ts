import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { MaintenanceAuditService } from '../audit/maintenance-audit.service';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { MaintenanceRepository, MaintenanceUnitOfWork } from '../persistence/maintenance.repository';
import { occurrenceAt, occurrencesBetween } from '../recurrence/recurrence';
import { seriesOf } from '../state/window-occurrences';
import { computeSnapshot } from '../state/maintenance-snapshot';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { MaintenanceEventsService } from './maintenance-events.service';

const SYSTEM = { actor: 'system', source: 'system' as const };

/**
 * Records what the clock does to windows: an approved window that reached its start becomes `active`, a window
 * that reached its end `completed`. Runs after every reload of the state, on every instance; the check under
 * the maintenance lock lets exactly one of them record each transition (audit entry and event).
 */
@Injectable()
export class WindowTransitionsService implements OnModuleInit {
  private readonly logger = new Logger('MaintenanceModule');

  constructor(
    private readonly repository: MaintenanceRepository,
    private readonly state: MaintenanceStateService,
    private readonly audit: MaintenanceAuditService,
    private readonly events: MaintenanceEventsService,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  onModuleInit(): void {
    this.state.onReload((windows) => this.recordDue(windows));
  }

  /**
   * Marks started windows active and ended ones completed; only the instance whose update wins records it. A recurring
   * window is `active` during each occurrence and `approved` between them, so each occurrence is recorded once as it
   * starts and once as it ends; it is `completed` when its series ends.
   */
  async recordDue(windows: readonly MaintenanceWindow[], now = Date.now()): Promise<void> {
    const due = windows.filter((window) => (window.recurrence ? occurrenceDue(window, now) : onceDue(window, now)));
    for (const window of due) {
      try {
        await this.transition(window.id, now);
      } catch (error) {
        this.logger.warn(`Could not record the transition of window ${window.id}: ${(error as Error).message}`);
      }
    }
  }

  private async transition(id: string, now: number): Promise<void> {
    const recorded = await this.repository.runExclusive(async (unit) => {
      const window = await unit.findWindow(id);
      if (!window || (window.status !== 'approved' && window.status !== 'active')) return null;
      if (window.recurrence && !(window.endsAt !== null && window.endsAt.getTime() <= now)) return this.occurrenceTransition(unit, window, now);
      const ended = window.endsAt !== null && window.endsAt.getTime() <= now;
      const started = window.startsAt.getTime() <= now;
      if (!ended && !(started && window.status === 'approved')) return null;
      const action = ended ? 'completed' : 'activated';
      window.status = ended ? 'completed' : 'active';
      if (ended) window.endedAt = window.endsAt;
      window.updatedAt = new Date(now);
      await unit.saveWindows([window]);
      const at = ended ? window.endsAt! : window.startsAt;
      // The state just before and at the instant the clock switched it, from what the database holds: the
      // windows that may have been in force around that instant, with their real end (endedAt) when they
      // were ended early.
      const candidates = (await unit.windowsAround(at.getTime()))
        .filter((w) => w.status !== 'cancelled' || w.endedAt !== null)
        .map((w) => ({ ...w, endsAt: w.endedAt ?? w.endsAt }));
      const stateAt = (instant: number) => computeSnapshot(candidates, instant, this.options.noticeMs, this.options.scopes).state;
      await this.audit.append(unit, {
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
    if (recorded) this.events.emit(recorded.action, recorded.window, 'system', this.state.getState());
  }

  /** An occurrence of a recurring window that started (approved → active) or ended (active → approved). */
  private async occurrenceTransition(unit: MaintenanceUnitOfWork, window: MaintenanceWindow, now: number) {
    if (!occurrenceDue(window, now)) return null;
    const series = seriesOf({ ...window, recurrence: window.recurrence! });
    const current = occurrenceAt(series, now);
    const started = current !== null;
    // The occurrence that ended: the last one that started before now (cancelled ones never become active).
    const occurrence = current ?? occurrencesBetween(series, now - OCCURRENCE_LOOKBACK_MS, now).at(-1) ?? null;
    window.status = started ? 'active' : 'approved';
    window.updatedAt = new Date(now);
    await unit.saveWindows([window]);
    const at = occurrence ? (started ? occurrence.startMs : occurrence.endMs) : now;
    const candidates = (await unit.windowsAround(at))
      .filter((w) => w.status !== 'cancelled' || w.endedAt !== null)
      .map((w) => ({ ...w, endsAt: w.endedAt ?? w.endsAt }));
    const stateAt = (instant: number) => computeSnapshot(candidates, instant, this.options.noticeMs, this.options.scopes).state;
    const action = started ? ('activated' as const) : ('completed' as const);
    await this.audit.append(unit, {
      action,
      context: SYSTEM,
      windowId: window.id,
      reason: started ? 'An occurrence of the recurring window reached its start.' : 'An occurrence of the recurring window reached its end.',
      before: stateAt(at - 1),
      after: stateAt(at),
      details: {
        window: { id: window.id, mode: window.mode, scope: window.scope, recurrence: window.recurrence },
        occurrence: occurrence && { startsAt: new Date(occurrence.startMs).toISOString(), endsAt: new Date(occurrence.endMs).toISOString() },
        at: new Date(at).toISOString(),
      },
    });
    return { action, window } as const;
  }
}

/** How far back the end of an occurrence is looked for: longer than any occurrence (at most a week) lasts. */
const OCCURRENCE_LOOKBACK_MS = 8 * 24 * 3600_000;

/** A one-off window that reached its start or its end. */
function onceDue(window: MaintenanceWindow, now: number): boolean {
  return (window.status === 'approved' && window.startsAt.getTime() <= now) || (window.endsAt !== null && window.endsAt.getTime() <= now);
}

/** A recurring window whose series ended, or whose status is not what its occurrences say. */
function occurrenceDue(window: MaintenanceWindow, now: number): boolean {
  if (window.endsAt !== null && window.endsAt.getTime() <= now) return true;
  const inForce = occurrenceAt(seriesOf({ ...window, recurrence: window.recurrence! }), now) !== null;
  return (window.status === 'approved' && inForce) || (window.status === 'active' && !inForce);
}
