import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Observable } from 'rxjs';
import { EntityManager, In } from 'typeorm';
import { MaintenanceWindowView } from '../admin/dto/maintenance-window.response';
import { MaintenanceApproval } from '../persistence/entities/maintenance-approval.entity';
import { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';
import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { MaintenanceActorContext } from '../interfaces/maintenance-actor.interface';
import { MaintenanceEvent, MaintenanceEventType } from '../interfaces/maintenance-event.interface';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';
import {
  DisableMaintenanceInput,
  EnableMaintenanceInput,
  RequestWindowInput,
  WindowQuery,
} from '../interfaces/maintenance-service-inputs.interface';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MAINTENANCE_DEFAULTS } from '../maintenance.constants';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { MESSAGES } from '../maintenance.messages';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { toWriteError } from '../persistence/database-errors';
import { MAINTENANCE_LIMITS } from '../maintenance.limits';
import { plainTextProblem } from '../utils/plain-text';
import { AuditQuery, AuditVerification, MaintenanceAuditService } from '../audit/maintenance-audit.service';
import { MaintenanceEventsService } from './maintenance-events.service';
import { computeSnapshot, isInForce } from '../state/maintenance-snapshot';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { MaintenanceStore } from '../persistence/maintenance-store.service';
import { MaintenanceSyncService } from '../sync/maintenance-sync.service';
import { decodeWindowCursor, encodeWindowCursor } from '../persistence/window-cursor';

type Emitted = { type: MaintenanceEventType; window: MaintenanceWindow | null; actor: string };

/**
 * Everything the module does, for code: read the state, switch maintenance on and off, and run the
 * window workflow (request, approve, reject, cancel). Every change is audited, and when a method resolves
 * this instance already enforces the result.
 * @publicApi
 */
@Injectable()
export class MaintenanceService {
  private readonly logger = new Logger('MaintenanceModule');

  constructor(
    private readonly store: MaintenanceStore,
    private readonly state: MaintenanceStateService,
    private readonly audit: MaintenanceAuditService,
    private readonly events: MaintenanceEventsService,
    private readonly sync: MaintenanceSyncService,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
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
    return this.toggle({ mode: 'off', reason: input.reason }, { source: 'service', ...context, actor: context.actor ?? input.actor });
  }

  /** The emergency switch: sets the effective mode at once, without approval. Windows not started yet stay scheduled. */
  async toggle(
    input: { mode: MaintenanceMode | 'off'; reason: string; message?: string | null; endsAt?: Date | null },
    context: MaintenanceActorContext,
  ): Promise<MaintenanceState> {
    assertInput({ reason: input.reason, message: input.message, actor: context.actor, endsAt: input.endsAt });
    await this.write(async (manager) => {
      // Read the clock only once the lock is held: a toggle that waited for another one must see the
      // window that one opened.
      const now = new Date();
      if (input.endsAt && input.endsAt.getTime() <= now.getTime()) throw new BadRequestException(['endsAt must be in the future']);
      const before = await this.stateIn(manager, now);
      const repository = manager.getRepository(MaintenanceWindow);
      // A window marked active is ended whatever its start says: another host's clock may run ahead of
      // ours, and its emergency window must not survive this toggle as "not started yet".
      const active = (await this.store.candidateWindows(manager)).filter((window) =>
        window.status === 'active' ? window.endsAt === null || window.endsAt.getTime() > now.getTime() : isInForce(window, now.getTime()),
      );
      if (input.mode === 'off' && active.length === 0) return [];
      for (const window of active) {
        Object.assign(window, { status: 'completed', endedAt: now, closedBy: context.actor, updatedAt: now });
      }
      await repository.save(active);
      let opened: MaintenanceWindow | null = null;
      if (input.mode !== 'off') {
        opened = repository.create({
          id: randomUUID(),
          mode: input.mode,
          status: 'active',
          reason: input.reason,
          message: input.message ?? null,
          emergency: true,
          startsAt: now,
          endsAt: input.endsAt ?? null,
          endedAt: null,
          requestedBy: context.actor,
          closedBy: null,
          createdAt: now,
          updatedAt: now,
        });
        await repository.insert(opened);
      }
      await this.audit.append(manager, {
        action: 'toggled',
        context,
        windowId: opened?.id ?? null,
        reason: input.reason,
        before,
        after: await this.stateIn(manager, now),
        details: { mode: input.mode, ended: active.map((window) => window.id), opened: opened?.id ?? null },
        at: now,
      });
      return [{ type: 'toggled', window: opened, actor: context.actor }] satisfies Emitted[];
    });
    return this.getState();
  }

  /** Requests a window; it is `pending` until approved (or `approved` at once when no approval is required). */
  async requestWindow(input: RequestWindowInput, context: MaintenanceActorContext): Promise<MaintenanceWindowView> {
    assertInput({ reason: input.reason, message: input.message, actor: context.actor, startsAt: input.startsAt, endsAt: input.endsAt });
    const now = new Date();
    const startsAt = input.startsAt ?? now;
    const endsAt = input.endsAt ?? null;
    if (endsAt && endsAt.getTime() <= startsAt.getTime()) throw new BadRequestException(['endsAt must be after startsAt']);
    if (endsAt && endsAt.getTime() <= now.getTime()) throw new BadRequestException(['endsAt must be in the future']);
    const id = randomUUID();
    const autoApproved = this.options.approvalsRequired === 0;
    await this.write(async (manager) => {
      const window = manager.getRepository(MaintenanceWindow).create({
        id,
        mode: input.mode,
        status: autoApproved ? 'approved' : 'pending',
        reason: input.reason,
        message: input.message ?? null,
        emergency: false,
        startsAt,
        endsAt,
        endedAt: null,
        requestedBy: context.actor,
        closedBy: null,
        createdAt: now,
        updatedAt: now,
      });
      await manager.getRepository(MaintenanceWindow).insert(window);
      await this.audit.append(manager, {
        action: 'requested',
        context,
        windowId: id,
        reason: input.reason,
        details: { window: describe(window), autoApproved },
        at: now,
      });
      const emitted: Emitted[] = [{ type: 'requested', window, actor: context.actor }];
      if (autoApproved) emitted.push({ type: 'approved', window, actor: context.actor });
      return emitted;
    });
    return this.getWindow(id);
  }

  /** Records an approval; the window becomes `approved` when enough distinct approvers agree. */
  async approve(id: string, input: { comment?: string | null }, context: MaintenanceActorContext): Promise<MaintenanceWindowView> {
    assertInput({ comment: input.comment, actor: context.actor });
    await this.write(async (manager) => {
      const now = new Date();
      const window = await this.findForDecision(manager, id, context.actor);
      if (window.requestedBy === context.actor && !this.options.allowSelfApproval) throw new ForbiddenException(MESSAGES.selfApproval);
      if (window.endsAt && window.endsAt.getTime() <= now.getTime()) throw new ConflictException(MESSAGES.expired);
      await manager.getRepository(MaintenanceApproval).insert({
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
      if (approved) await manager.getRepository(MaintenanceWindow).update({ id }, { status: 'approved', updatedAt: now });
      await this.audit.append(manager, {
        action: 'approved',
        context,
        windowId: id,
        reason: input.comment ?? null,
        details: { approvals, required, status: approved ? 'approved' : 'pending' },
        at: now,
      });
      return approved ? [{ type: 'approved', window: { ...window, status: 'approved' } as MaintenanceWindow, actor: context.actor }] : [];
    });
    return this.getWindow(id);
  }

  /** Rejects a pending window. */
  async reject(id: string, input: { comment: string }, context: MaintenanceActorContext): Promise<MaintenanceWindowView> {
    assertInput({ comment: input.comment, actor: context.actor });
    if (!input.comment?.trim()) throw new BadRequestException(['comment should not be empty']);
    await this.write(async (manager) => {
      const now = new Date();
      const window = await this.findForDecision(manager, id, context.actor);
      await manager.getRepository(MaintenanceApproval).insert({
        id: randomUUID(),
        windowId: id,
        approver: context.actor,
        decision: 'reject',
        comment: input.comment,
        createdAt: now,
      });
      await manager.getRepository(MaintenanceWindow).update({ id }, { status: 'rejected', closedBy: context.actor, updatedAt: now });
      await this.audit.append(manager, { action: 'rejected', context, windowId: id, reason: input.comment, at: now });
      return [{ type: 'rejected', window: { ...window, status: 'rejected' } as MaintenanceWindow, actor: context.actor }];
    });
    return this.getWindow(id);
  }

  /** Withdraws a pending or approved window, or ends an active one early. */
  async cancel(id: string, input: { reason?: string | null }, context: MaintenanceActorContext): Promise<MaintenanceWindowView> {
    assertInput({ optionalReason: input.reason, actor: context.actor });
    await this.write(async (manager) => {
      const now = new Date();
      const repository = manager.getRepository(MaintenanceWindow);
      const window = await repository.findOne({ where: { id } });
      if (!window) throw new NotFoundException(MESSAGES.windowNotFound(id));
      const ended = window.endsAt !== null && window.endsAt.getTime() <= now.getTime();
      if (!['pending', 'approved', 'active'].includes(window.status) || (ended && window.status !== 'pending')) {
        throw new ConflictException(MESSAGES.notCancellable(ended && window.status !== 'pending' ? 'completed' : window.status));
      }
      const before = await this.stateIn(manager, now);
      const wasInForce = window.status !== 'pending' && isInForce(window, now.getTime());
      Object.assign(window, { status: 'cancelled', closedBy: context.actor, updatedAt: now, endedAt: wasInForce ? now : null });
      await repository.save(window);
      await this.audit.append(manager, {
        action: 'cancelled',
        context,
        windowId: id,
        reason: input.reason ?? null,
        before,
        after: await this.stateIn(manager, now),
        details: { wasInForce },
        at: now,
      });
      return [{ type: 'cancelled', window, actor: context.actor }];
    });
    return this.getWindow(id);
  }

  /** One window with its approvals. */
  async getWindow(id: string): Promise<MaintenanceWindowView> {
    const window = await this.read(() =>
      this.store.dataSource.getRepository(MaintenanceWindow).findOne({ where: { id }, relations: { approvals: true } }),
    );
    if (!window) throw new NotFoundException(MESSAGES.windowNotFound(id));
    return MaintenanceWindowView.from(window);
  }

  /** Windows, newest request first, keyset-paginated. */
  async listWindows(query: WindowQuery = {}): Promise<{ items: MaintenanceWindowView[]; nextCursor: string | null }> {
    const limit = Math.min(query.limit ?? MAINTENANCE_DEFAULTS.listLimit, MAINTENANCE_DEFAULTS.listMaxLimit);
    const qb = this.store.dataSource.getRepository(MaintenanceWindow).createQueryBuilder('w');
    if (query.status) qb.andWhere('w.status = :status', { status: query.status });
    if (query.mode) qb.andWhere('w.mode = :mode', { mode: query.mode });
    if (query.from) qb.andWhere('(w.endsAt IS NULL OR w.endsAt > :from)', { from: query.from.getTime() });
    if (query.to) qb.andWhere('w.startsAt < :to', { to: query.to.getTime() });
    if (query.cursor) {
      const [createdAt, id] = decodeWindowCursor(query.cursor);
      qb.andWhere('(w.createdAt < :cAt OR (w.createdAt = :cAt AND w.id < :cId))', { cAt: createdAt, cId: id });
    }
    const rows = await this.read(() => qb.orderBy('w.createdAt', 'DESC').addOrderBy('w.id', 'DESC').take(limit + 1).getMany());
    const page = rows.slice(0, limit);
    if (page.length > 0) {
      const approvals = await this.read(() =>
        this.store.dataSource.getRepository(MaintenanceApproval).find({ where: { windowId: In(page.map((window) => window.id)) } }),
      );
      for (const window of page) window.approvals = approvals.filter((approval) => approval.windowId === window.id);
    }
    const last = page[page.length - 1];
    return {
      items: page.map((window) => MaintenanceWindowView.from(window)),
      nextCursor: rows.length > limit ? encodeWindowCursor(last.createdAt.getTime(), last.id) : null,
    };
  }

  /** Audit entries, newest first. */
  listAudit(query: Partial<AuditQuery> = {}): Promise<{ items: MaintenanceAuditLog[]; nextCursor: string | null }> {
    const limit = Math.min(query.limit ?? MAINTENANCE_DEFAULTS.listLimit, MAINTENANCE_DEFAULTS.listMaxLimit);
    return this.read(() => this.audit.list({ ...query, limit }));
  }

  /** Checks the audit hash chain. */
  verifyAudit(): Promise<AuditVerification> {
    return this.read(() => this.audit.verify());
  }

  /** Runs a read; a database failure answers 503 (never a 500), as writes do. */
  private async read<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toWriteError(error, this.logger);
    }
  }

  /** Runs a write under the maintenance lock, then makes this instance enforce it and tells listeners. */
  private async write(work: (manager: EntityManager) => Promise<Emitted[]>): Promise<void> {
    let emitted: Emitted[];
    try {
      emitted = await this.store.runExclusive(work);
    } catch (error) {
      throw toWriteError(error, this.logger);
    }
    if (emitted.length === 0) return;
    await this.state.refresh();
    await this.sync.publish();
    for (const event of emitted) this.events.emit(event.type, event.window, event.actor, this.getState());
  }

  private async findForDecision(manager: EntityManager, id: string, actor: string): Promise<MaintenanceWindow> {
    const window = await manager.getRepository(MaintenanceWindow).findOne({ where: { id }, relations: { approvals: true } });
    if (!window) throw new NotFoundException(MESSAGES.windowNotFound(id));
    if (window.approvals?.some((approval) => approval.approver === actor)) throw new ConflictException(MESSAGES.alreadyDecided);
    if (window.status !== 'pending') throw new ConflictException(MESSAGES.notPending(window.status));
    return window;
  }

  /** The effective state as the database says inside a transaction. */
  private async stateIn(manager: EntityManager, now: Date): Promise<MaintenanceState> {
    const windows = await this.store.candidateWindows(manager);
    return computeSnapshot(windows, now.getTime(), this.options.noticeMs).state;
  }
}

const LIMITS = {
  reason: MAINTENANCE_LIMITS.reason,
  optionalReason: MAINTENANCE_LIMITS.reason,
  message: MAINTENANCE_LIMITS.message,
  comment: MAINTENANCE_LIMITS.comment,
  actor: MAINTENANCE_LIMITS.actor,
} as const;

/**
 * Checks what code and the CLI pass in, as the DTOs check HTTP input: a bad value is a 400 naming the
 * field, never a database error reported as an outage.
 */
function assertInput(fields: {
  reason?: string;
  optionalReason?: string | null;
  message?: string | null;
  comment?: string | null;
  actor?: string;
  startsAt?: Date | null;
  endsAt?: Date | null;
}): void {
  const problems: string[] = [];
  for (const key of ['reason', 'optionalReason', 'message', 'comment', 'actor'] as const) {
    if (!(key in fields)) continue;
    const value = fields[key];
    const name = key === 'optionalReason' ? 'reason' : key;
    if (value === undefined || value === null) {
      if (key === 'reason' || key === 'actor') problems.push(`${name} should not be empty`);
      continue;
    }
    if (typeof value !== 'string') problems.push(`${name} must be a string`);
    else if ((key === 'reason' || key === 'actor') && value.trim() === '') problems.push(`${name} should not be empty`);
    else if ([...value].length > LIMITS[key]) problems.push(`${name} must be shorter than or equal to ${LIMITS[key]} characters`);
    else {
      const problem = plainTextProblem(value);
      if (problem) problems.push(`${name} ${problem}`);
    }
  }
  for (const key of ['startsAt', 'endsAt'] as const) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) problems.push(`${key} must be a valid date`);
    else if (value.getTime() < MAINTENANCE_LIMITS.earliestMs || value.getTime() > MAINTENANCE_LIMITS.latestMs) {
      problems.push(`${key} must be ${MAINTENANCE_LIMITS.dateRangeText}`);
    }
  }
  if (problems.length > 0) throw new BadRequestException(problems);
}

function describe(window: MaintenanceWindow) {
  return { id: window.id, mode: window.mode, startsAt: window.startsAt, endsAt: window.endsAt, message: window.message };
}
