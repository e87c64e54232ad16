import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { MaintenanceAuditService } from '../audit/maintenance-audit.service';
import { MaintenanceActorContext } from '../interfaces/maintenance-actor.interface';
import { MaintenanceEventType } from '../interfaces/maintenance-event.interface';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { MaintenanceCoverageInput, RequestWindowInput, UpdateWindowInput } from '../interfaces/maintenance-service-inputs.interface';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { MESSAGES } from '../maintenance.messages';
import { MAINTENANCE_LIMITS } from '../maintenance.limits';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { toWriteError } from '../persistence/database-errors';
import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { MaintenanceRepository, MaintenanceUnitOfWork } from '../persistence/maintenance.repository';
import { computeSnapshot, isInForce } from '../state/maintenance-snapshot';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { MaintenanceSyncService } from '../sync/maintenance-sync.service';
import { MaintenanceEventsService } from './maintenance-events.service';
import { assertInput } from './maintenance-input';
import { newWindow } from './new-window';
import { randomUUID } from 'node:crypto';
import { MaintenanceScopeRegistry } from '../enforcement/maintenance-scope.registry';
import { checkWindowShape } from './window-shape';
import { endInForce, recurringEnd, windowChanges } from './window-edits';
import { nextOccurrence, occurrenceAt } from '../recurrence/recurrence';
import { seriesOf } from '../state/window-occurrences';

type Emitted = { type: MaintenanceEventType; window: MaintenanceWindow | null; actor: string };

/** The emergency switch's input. */
export interface ToggleInput extends MaintenanceCoverageInput {
  mode: MaintenanceMode | 'off';
  reason: string;
  message?: string | null;
  endsAt?: Date | null;
}

/**
 * The writes of the workflow: the emergency toggle and the window requests and decisions. Each runs as one
 * exclusive unit of work (window rows, approval, audit entry together), then this instance reloads, the others
 * are told, and the events go out. Return the id of the window concerned; `MaintenanceService` reads it back.
 */
@Injectable()
export class MaintenanceCommands {
  private readonly logger = new Logger('MaintenanceModule');

  constructor(
    private readonly repository: MaintenanceRepository,
    private readonly state: MaintenanceStateService,
    private readonly audit: MaintenanceAuditService,
    private readonly events: MaintenanceEventsService,
    private readonly sync: MaintenanceSyncService,
    private readonly scopes: MaintenanceScopeRegistry,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  /**
   * Sets the effective mode at once, without approval. Ends the windows in force for the same scope (the whole app's
   * when none is named) and opens an emergency window; `off` without a scope ends every window in force. A recurring
   * window loses its current occurrence, not its series. Windows not started yet stay scheduled.
   */
  async toggle(input: ToggleInput, context: MaintenanceActorContext): Promise<void> {
    assertInput({ reason: input.reason, message: input.message, actor: context.actor, endsAt: input.endsAt });
    const { scope, exemptions, translations } = checkWindowShape(
      { scope: input.scope, exemptions: input.exemptions, translations: input.translations },
      new Date(),
    );
    if (input.mode !== 'off') this.checkScope(scope);
    await this.write(async (unit) => {
      // Read the clock only once the lock is held: a toggle that waited for another one must see the
      // window that one opened.
      const now = new Date();
      if (input.endsAt && input.endsAt.getTime() <= now.getTime()) throw new BadRequestException(['endsAt must be in the future']);
      const before = await this.stateIn(unit, now);
      const covered = (window: MaintenanceWindow) => (input.mode === 'off' && scope === null) || (window.scope ?? null) === scope;
      // A one-off window marked active is ended whatever its start says: another host's clock may run ahead of
      // ours, and its emergency window must not survive this toggle as "not started yet".
      const active = (await unit.candidateWindows()).filter(
        (window) =>
          covered(window) &&
          (window.status === 'active' && !window.recurrence
            ? window.endsAt === null || window.endsAt.getTime() > now.getTime()
            : isInForce(window, now.getTime())),
      );
      if (input.mode === 'off' && active.length === 0) return [];
      for (const window of active) endInForce(window, now, context.actor);
      await unit.saveWindows(active);
      let opened: MaintenanceWindow | null = null;
      if (input.mode !== 'off') {
        opened = newWindow({
          mode: input.mode,
          status: 'active',
          reason: input.reason,
          message: input.message ?? null,
          emergency: true,
          startsAt: now,
          endsAt: input.endsAt ?? null,
          requestedBy: context.actor,
          at: now,
          scope,
          exemptions,
          translations,
        });
        await unit.insertWindow(opened);
      }
      await this.audit.append(unit, {
        action: 'toggled',
        context,
        windowId: opened?.id ?? null,
        reason: input.reason,
        before,
        after: await this.stateIn(unit, now),
        details: { mode: input.mode, scope, exemptions, ended: active.map((window) => window.id), opened: opened?.id ?? null },
        at: now,
      });
      return [{ type: 'toggled', window: opened, actor: context.actor }];
    });
  }

  /** Requests a window; it is `pending` until approved (or `approved` at once when no approval is required). */
  async requestWindow(input: RequestWindowInput, context: MaintenanceActorContext): Promise<string> {
    assertInput({ reason: input.reason, message: input.message, actor: context.actor, startsAt: input.startsAt, endsAt: input.endsAt });
    const now = new Date();
    if (input.recurrence && !input.startsAt) throw new BadRequestException(['startsAt is required with recurrence (it is the first occurrence)']);
    const startsAt = input.startsAt ?? now;
    const shape = checkWindowShape(input, startsAt);
    this.checkScope(shape.scope);
    let endsAt = input.endsAt ?? null;
    if (endsAt && endsAt.getTime() <= startsAt.getTime()) throw new BadRequestException(['endsAt must be after startsAt']);
    if (endsAt && endsAt.getTime() <= now.getTime()) throw new BadRequestException(['endsAt must be in the future']);
    if (shape.recurrence) endsAt = recurringEnd({ startsAt, endsAt, recurrence: shape.recurrence }, now);
    const autoApproved = this.options.approvalsRequired === 0;
    const window = newWindow({
      mode: input.mode,
      status: autoApproved ? 'approved' : 'pending',
      reason: input.reason,
      message: input.message ?? null,
      emergency: false,
      startsAt,
      endsAt,
      requestedBy: context.actor,
      at: now,
      ...shape,
    });
    await this.write(async (unit) => {
      await unit.insertWindow(window);
      await this.audit.append(unit, {
        action: 'requested',
        context,
        windowId: window.id,
        reason: input.reason,
        details: { window: describe(window), autoApproved },
        at: now,
      });
      const emitted: Emitted[] = [{ type: 'requested', window, actor: context.actor }];
      if (autoApproved) emitted.push({ type: 'approved', window, actor: context.actor });
      return emitted;
    });
    return window.id;
  }

  /** Records an approval; the window becomes `approved` when enough distinct approvers agree. */
  async approve(id: string, input: { comment?: string | null }, context: MaintenanceActorContext): Promise<void> {
    assertInput({ comment: input.comment, actor: context.actor });
    await this.write(async (unit) => {
      const now = new Date();
      const window = await this.findForDecision(unit, id, context.actor);
      if (window.requestedBy === context.actor && !this.options.allowSelfApproval) throw new ForbiddenException(MESSAGES.selfApproval);
      if (window.endsAt && window.endsAt.getTime() <= now.getTime()) throw new ConflictException(MESSAGES.expired);
      await unit.insertApproval({
        id: randomUUID(),
        windowId: id,
        approver: context.actor,
        decision: 'approve',
        comment: input.comment ?? null,
        createdAt: now,
      });
      const approvals = (window.approvals ?? []).filter((approval) => approval.decision === 'approve').length + 1;
      const required = Math.max(1, this.options.approvalsRequired);
      const approved = approvals >= required;
      if (approved) await unit.updateWindow(id, { status: 'approved', updatedAt: now });
      await this.audit.append(unit, {
        action: 'approved',
        context,
        windowId: id,
        reason: input.comment ?? null,
        details: { approvals, required, status: approved ? 'approved' : 'pending' },
        at: now,
      });
      return approved ? [{ type: 'approved', window: { ...window, status: 'approved' }, actor: context.actor }] : [];
    });
  }

  /** Rejects a pending window. */
  async reject(id: string, input: { comment: string }, context: MaintenanceActorContext): Promise<void> {
    assertInput({ comment: input.comment, actor: context.actor });
    if (!input.comment?.trim()) throw new BadRequestException(['comment should not be empty']);
    await this.write(async (unit) => {
      const now = new Date();
      const window = await this.findForDecision(unit, id, context.actor);
      await unit.insertApproval({ id: randomUUID(), windowId: id, approver: context.actor, decision: 'reject', comment: input.comment, createdAt: now });
      await unit.updateWindow(id, { status: 'rejected', closedBy: context.actor, updatedAt: now });
      await this.audit.append(unit, { action: 'rejected', context, windowId: id, reason: input.comment, at: now });
      return [{ type: 'rejected', window: { ...window, status: 'rejected' }, actor: context.actor }];
    });
  }

  /**
   * Withdraws a pending or approved window, or ends an active one early. With `occurrence` (the start of one
   * occurrence of a recurring window), cancels that occurrence only, ending it at once when it is in force.
   */
  async cancel(id: string, input: { reason?: string | null; occurrence?: Date }, context: MaintenanceActorContext): Promise<void> {
    assertInput({ optionalReason: input.reason, actor: context.actor, startsAt: input.occurrence });
    await this.write(async (unit) => {
      const now = new Date();
      const window = await unit.findWindow(id);
      if (!window) throw new NotFoundException(MESSAGES.windowNotFound(id));
      const ended = window.endsAt !== null && window.endsAt.getTime() <= now.getTime();
      if (!['pending', 'approved', 'active'].includes(window.status) || (ended && window.status !== 'pending')) {
        throw new ConflictException(MESSAGES.notCancellable(ended && window.status !== 'pending' ? 'completed' : window.status));
      }
      const before = await this.stateIn(unit, now);
      let wasInForce: boolean;
      if (input.occurrence) {
        wasInForce = this.cancelOccurrence(window, input.occurrence, now);
        window.updatedAt = now;
      } else {
        wasInForce = window.status !== 'pending' && isInForce(window, now.getTime());
        Object.assign(window, { status: 'cancelled', closedBy: context.actor, updatedAt: now, endedAt: wasInForce ? now : null });
      }
      await unit.saveWindows([window]);
      await this.audit.append(unit, {
        action: 'cancelled',
        context,
        windowId: id,
        reason: input.reason ?? null,
        before,
        after: await this.stateIn(unit, now),
        details: input.occurrence ? { wasInForce, occurrence: input.occurrence.toISOString() } : { wasInForce },
        at: now,
      });
      return [{ type: 'cancelled', window, actor: context.actor }];
    });
  }

  /** Adds one occurrence to a recurring window's cancelled ones; whether it was in force. */
  private cancelOccurrence(window: MaintenanceWindow, occurrence: Date, now: Date): boolean {
    if (!window.recurrence) throw new BadRequestException([MESSAGES.notRecurring]);
    const series = seriesOf({ ...window, recurrence: window.recurrence });
    const at = occurrence.getTime();
    const found = occurrenceAt(series, at) ?? nextOccurrence(series, at - 1);
    if (found === null || found.startMs !== at || found.endMs <= now.getTime()) {
      throw new BadRequestException([MESSAGES.notAnOccurrence(occurrence.toISOString())]);
    }
    const inForce = found.startMs <= now.getTime();
    window.recurrence = { ...window.recurrence, cancelled: [...window.recurrence.cancelled, at].slice(-MAINTENANCE_LIMITS.cancelledOccurrences) };
    if (inForce && window.status === 'active') window.status = 'approved';
    return inForce && window.status !== 'pending';
  }

  /**
   * Changes a window: `endsAt` and `message` at once (also while it is in force: extend or shorten it); `mode`, `scope`,
   * `startsAt`, `exemptions` and `recurrence` only before it is in force, and an approved window then needs approving
   * again (back to `pending`, its approvals forgotten; the audit log keeps them). Audited with the values before and after.
   */
  async updateWindow(id: string, input: UpdateWindowInput, context: MaintenanceActorContext): Promise<void> {
    assertInput({ optionalReason: input.reason, message: input.message, actor: context.actor, startsAt: input.startsAt, endsAt: input.endsAt });
    await this.write(async (unit) => {
      const now = new Date();
      const window = await unit.findWindow(id);
      if (!window) throw new NotFoundException(MESSAGES.windowNotFound(id));
      const before = await this.stateIn(unit, now);
      const edit = windowChanges(window, input, now, (scope) => this.checkScope(scope));
      if (edit.changed.length === 0) return [];
      const reapprove = edit.needsApproval && window.status === 'approved' && this.options.approvalsRequired > 0;
      Object.assign(window, edit.after, { updatedAt: now });
      if (reapprove) window.status = 'pending';
      if (edit.needsApproval) await unit.deleteApprovals(id);
      await unit.saveWindows([window]);
      await this.audit.append(unit, {
        action: 'updated',
        context,
        windowId: id,
        reason: input.reason ?? null,
        before,
        after: await this.stateIn(unit, now),
        details: { changed: edit.changed, from: edit.before, to: edit.afterDetails, status: window.status, approvalRequired: reapprove },
        at: now,
      });
      return [{ type: 'updated', window, actor: context.actor }];
    });
  }

  /** A 400 when no route is in the scope (and the app can know its routes). */
  private checkScope(scope: string | null): void {
    if (scope !== null && !this.scopes.accepts(scope)) throw new BadRequestException([MESSAGES.unknownScope(scope, this.scopes.names())]);
  }

  /** Runs a write under the maintenance lock, then makes this instance enforce it and tells listeners. */
  private async write(work: (unit: MaintenanceUnitOfWork) => Promise<Emitted[]>): Promise<void> {
    let emitted: Emitted[];
    try {
      emitted = await this.repository.runExclusive(work);
    } catch (error) {
      throw toWriteError(error, this.logger);
    }
    if (emitted.length === 0) return;
    await this.state.refresh();
    await this.sync.publish();
    for (const event of emitted) this.events.emit(event.type, event.window, event.actor, this.state.getState());
  }

  private async findForDecision(unit: MaintenanceUnitOfWork, id: string, actor: string): Promise<MaintenanceWindow> {
    const window = await unit.findWindow(id, { approvals: true });
    if (!window) throw new NotFoundException(MESSAGES.windowNotFound(id));
    if (window.approvals?.some((approval) => approval.approver === actor)) throw new ConflictException(MESSAGES.alreadyDecided);
    if (window.status !== 'pending') throw new ConflictException(MESSAGES.notPending(window.status));
    return window;
  }

  /** The effective state as the store says inside the unit of work. */
  private async stateIn(unit: MaintenanceUnitOfWork, now: Date): Promise<MaintenanceState> {
    return computeSnapshot(await unit.candidateWindows(), now.getTime(), this.options.noticeMs, this.options.scopes).state;
  }
}

function describe(window: MaintenanceWindow) {
  return {
    id: window.id,
    mode: window.mode,
    startsAt: window.startsAt,
    endsAt: window.endsAt,
    message: window.message,
    scope: window.scope,
    exemptions: window.exemptions,
    recurrence: window.recurrence,
  };
}
