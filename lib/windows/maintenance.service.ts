import { HttpException, Injectable, InternalServerErrorException, ServiceUnavailableException } from '@nestjs/common';
import { MESSAGES } from '../maintenance.messages';
import { isMissingSchemaError } from '../persistence/database-errors';
import { Observable } from 'rxjs';
import { AuditQuery, AuditVerification } from '../audit/maintenance-audit.service';
import { MaintenanceActorContext } from '../interfaces/maintenance-actor.interface';
import { MaintenanceEvent } from '../interfaces/maintenance-event.interface';
import {
  CancelWindowInput,
  DisableMaintenanceInput,
  EnableMaintenanceInput,
  RequestWindowInput,
  UpdateWindowInput,
  WindowQuery,
} from '../interfaces/maintenance-service-inputs.interface';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MaintenanceWindowDetails } from '../interfaces/maintenance-window.interface';
import { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';
import { MaintenancePage } from '../persistence/maintenance.repository';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { MaintenanceCommands, ToggleInput } from './maintenance-commands.service';
import { MaintenanceEventsService } from './maintenance-events.service';
import { MaintenanceQueries } from './maintenance-queries.service';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { MaintenancePauseListener, MaintenancePauseOptions, MaintenancePauseService, MaintenanceRunResult } from '../jobs/maintenance-pause.service';
import { MaintenanceFleetStatus, fleetStatusOf } from '../fleet/fleet-status';
import { MaintenanceFleetWait, waitForFleet } from '../fleet/wait-for-fleet';
import { MaintenanceRepository } from '../persistence/maintenance.repository';

/**
 * Everything the module does, for code: read the state, switch maintenance on and off, and run the
 * window workflow (request, approve, reject, cancel). Every change is audited, and when a method resolves
 * this instance already enforces the result. (`MaintenanceTestingService` implements the same
 * `MaintenanceServiceContract` for host apps' tests.)
 *
 * @example
 * ```ts
 * await maintenance.enable({ mode: 'read-only', reason: 'Reindexing', actor: 'deploy-bot' });
 * ```
 * @publicApi
 */
@Injectable()
export class MaintenanceService implements MaintenanceServiceContract {
  constructor(
    private readonly state: MaintenanceStateService,
    private readonly events: MaintenanceEventsService,
    private readonly commands: MaintenanceCommands,
    private readonly queries: MaintenanceQueries,
    private readonly pause: MaintenancePauseService,
    private readonly repository: MaintenanceRepository,
  ) {}

  /** The state in force, from memory (no I/O). */
  getState(): MaintenanceState {
    return this.state.getState();
  }

  /** Every maintenance event, as it happens on this instance. */
  get events$(): Observable<MaintenanceEvent> {
    return this.events.events$;
  }

  /** Reloads the state from the database now. */
  refresh(): Promise<void> {
    return this.state.refresh();
  }

  /** Ends every active window and opens an emergency window in `mode`, now. */
  enable(input: EnableMaintenanceInput, context: Partial<MaintenanceActorContext> = {}): Promise<MaintenanceState> {
    return this.toggle({ ...input }, { source: 'service', ...context, actor: context.actor ?? input.actor });
  }

  /** Ends every active window now; does nothing (and records nothing) when none is active. */
  disable(input: DisableMaintenanceInput, context: Partial<MaintenanceActorContext> = {}): Promise<MaintenanceState> {
    return this.toggle({ mode: 'off', reason: input.reason, scope: input.scope }, { source: 'service', ...context, actor: context.actor ?? input.actor });
  }

  /** The emergency switch: sets the effective mode at once, without approval. Windows not started yet stay scheduled. */
  async toggle(input: ToggleInput, context: MaintenanceActorContext): Promise<MaintenanceState> {
    await this.commands.toggle(input, context);
    return this.getState();
  }

  /** Requests a window; it is `pending` until approved (or `approved` at once when no approval is required). */
  async requestWindow(input: RequestWindowInput, context: MaintenanceActorContext): Promise<MaintenanceWindowDetails> {
    return this.queries.getWindow(await this.commands.requestWindow(input, context));
  }

  /** Records an approval; the window becomes `approved` when enough distinct approvers agree. */
  async approve(id: string, input: { comment?: string | null }, context: MaintenanceActorContext): Promise<MaintenanceWindowDetails> {
    await this.commands.approve(id, input, context);
    return this.queries.getWindow(id);
  }

  /** Rejects a pending window. */
  async reject(id: string, input: { comment: string }, context: MaintenanceActorContext): Promise<MaintenanceWindowDetails> {
    await this.commands.reject(id, input, context);
    return this.queries.getWindow(id);
  }

  /** Withdraws a pending or approved window, or ends an active one early. */
  async cancel(id: string, input: CancelWindowInput, context: MaintenanceActorContext): Promise<MaintenanceWindowDetails> {
    await this.commands.cancel(id, input, context);
    return this.queries.getWindow(id);
  }

  /**
   * Changes a window (see `UpdateWindowInput` for which edits need a new approval) and returns it. Audited as
   * `updated` with the values before and after; emits `maintenance.updated`.
   */
  async updateWindow(id: string, input: UpdateWindowInput, context: MaintenanceActorContext): Promise<MaintenanceWindowDetails> {
    await this.commands.updateWindow(id, input, context);
    return this.queries.getWindow(id);
  }

  /** One window with its approvals. */
  getWindow(id: string): Promise<MaintenanceWindowDetails> {
    return this.queries.getWindow(id);
  }

  /** Windows, newest request first, keyset-paginated. */
  listWindows(query: WindowQuery = {}): Promise<MaintenancePage<MaintenanceWindowDetails>> {
    return this.queries.listWindows(query);
  }

  /** Audit entries, newest first. */
  listAudit(query: Partial<AuditQuery> = {}): Promise<MaintenancePage<MaintenanceAuditLog>> {
    return this.queries.listAudit(query);
  }

  /** Checks the audit hash chain. */
  verifyAudit(): Promise<AuditVerification> {
    return this.queries.verifyAudit();
  }

  /** Whether work that pauses in `modes` (default both) is paused now: one property read, no I/O. */
  isPaused(modes?: MaintenanceMode[]): boolean {
    return this.pause.isPaused(modes);
  }

  /**
   * Calls `listener` when one of `options.modes` (default both) comes into force on this instance, e.g. to stop a
   * hand-written poller or a Kafka consumer; its promise is part of the instance's drain. Returns an unsubscribe function.
   */
  onPause(listener: MaintenancePauseListener, options?: MaintenancePauseOptions): () => void {
    return this.pause.onPause(listener, options);
  }

  /** Calls `listener` when the pause of `options.modes` ends on this instance. Returns an unsubscribe function. */
  onResume(listener: MaintenancePauseListener, options?: MaintenancePauseOptions): () => void {
    return this.pause.onResume(listener, options);
  }

  /** Runs `work` unless one of `options.modes` is in force (a skipped run is counted and logged once per pause). */
  runUnlessPaused<T>(work: () => T | Promise<T>, options?: MaintenancePauseOptions): Promise<MaintenanceRunResult<T>> {
    return this.pause.runUnlessPaused(work, options);
  }

  /**
   * The fleet: every instance's heartbeat against the newest state version. Rejects with a 500 that says so when the
   * fleet's table is missing (its migration has not run), and a 503 when the database cannot be read.
   */
  async fleetStatus(): Promise<MaintenanceFleetStatus> {
    try {
      const version = await this.repository.stateVersion();
      return fleetStatusOf(await this.repository.instances(), version, Date.now());
    } catch (error) {
      throw fleetReadError(error);
    }
  }

  /**
   * Waits until every live instance enforces the newest state and has drained, or `timeoutMs` passes. Without the
   * fleet's table it resolves at once, not complete, with the `problem`.
   */
  async waitForFleet(timeoutMs: number): Promise<MaintenanceFleetWait> {
    try {
      return await waitForFleet(this.repository, await this.repository.stateVersion(), timeoutMs);
    } catch (error) {
      throw fleetReadError(error);
    }
  }
}

/**
 * What `MaintenanceService` offers code, as an interface: the real service and the testing module's stand-in
 * (`MaintenanceTestingService`) both implement it, so the compiler keeps them in step.
 * @publicApi
 */
export interface MaintenanceServiceContract {
  getState(): MaintenanceState;
  readonly events$: Observable<MaintenanceEvent>;
  refresh(): Promise<void>;
  enable(input: EnableMaintenanceInput, context?: Partial<MaintenanceActorContext>): Promise<MaintenanceState>;
  disable(input: DisableMaintenanceInput, context?: Partial<MaintenanceActorContext>): Promise<MaintenanceState>;
  toggle(input: ToggleInput, context: MaintenanceActorContext): Promise<MaintenanceState>;
  requestWindow(input: RequestWindowInput, context: MaintenanceActorContext): Promise<MaintenanceWindowDetails>;
  approve(id: string, input: { comment?: string | null }, context: MaintenanceActorContext): Promise<MaintenanceWindowDetails>;
  reject(id: string, input: { comment: string }, context: MaintenanceActorContext): Promise<MaintenanceWindowDetails>;
  cancel(id: string, input: CancelWindowInput, context: MaintenanceActorContext): Promise<MaintenanceWindowDetails>;
  updateWindow(id: string, input: UpdateWindowInput, context: MaintenanceActorContext): Promise<MaintenanceWindowDetails>;
  getWindow(id: string): Promise<MaintenanceWindowDetails>;
  listWindows(query?: WindowQuery): Promise<MaintenancePage<MaintenanceWindowDetails>>;
  listAudit(query?: Partial<AuditQuery>): Promise<MaintenancePage<MaintenanceAuditLog>>;
  verifyAudit(): Promise<AuditVerification>;
  isPaused(modes?: MaintenanceMode[]): boolean;
  onPause(listener: MaintenancePauseListener, options?: MaintenancePauseOptions): () => void;
  onResume(listener: MaintenancePauseListener, options?: MaintenancePauseOptions): () => void;
  runUnlessPaused<T>(work: () => T | Promise<T>, options?: MaintenancePauseOptions): Promise<MaintenanceRunResult<T>>;
  fleetStatus(): Promise<MaintenanceFleetStatus>;
  waitForFleet(timeoutMs: number): Promise<MaintenanceFleetWait>;
}

/** A failed read of the fleet as an answer: the missing table named (500), anything else an outage (503). */
function fleetReadError(error: unknown): Error {
  if (error instanceof HttpException) return error;
  if (isMissingSchemaError(error)) return new InternalServerErrorException(MESSAGES.fleetTableMissing);
  return new ServiceUnavailableException(MESSAGES.fleetUnavailable);
}
