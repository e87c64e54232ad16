import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';
import { MaintenanceActorContext } from '../interfaces/maintenance-actor.interface';
import { MaintenanceAuditAction } from '../interfaces/maintenance-mode.type';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { auditHash } from './audit-hash';
import { MaintenanceStore } from '../persistence/maintenance-store.service';

/** What to record. */
export interface AuditEntryInput {
  action: MaintenanceAuditAction;
  context: MaintenanceActorContext;
  windowId?: string | null;
  reason?: string | null;
  before?: MaintenanceState | null;
  after?: MaintenanceState | null;
  details?: Record<string, unknown> | null;
  at?: Date;
}

/** Filters of `list`. @publicApi */
export interface AuditQuery {
  action?: MaintenanceAuditAction;
  actor?: string;
  windowId?: string;
  from?: Date;
  to?: Date;
  /** Return entries older than this id (keyset cursor). */
  beforeId?: number;
  limit: number;
}

/** Result of `verify`. @publicApi */
export interface AuditVerification {
  intact: boolean;
  checked: number;
  /** The first entry whose hash or link does not match, when the chain is broken. */
  firstBrokenId: number | null;
  problem: string | null;
}

/** Appends, lists and verifies the hash-chained audit log. Entries are never updated or deleted. */
@Injectable()
export class MaintenanceAuditService {
  constructor(
    private readonly store: MaintenanceStore,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  /** Appends an entry; call inside `store.runExclusive` so the chain stays linear. */
  async append(manager: EntityManager, input: AuditEntryInput): Promise<MaintenanceAuditLog> {
    const repository = manager.getRepository(MaintenanceAuditLog);
    const [last] = await repository.find({ select: { id: true, hash: true }, order: { id: 'DESC' }, take: 1 });
    const entry = repository.create({
      action: input.action,
      actor: truncate(input.context.actor, 200)!,
      source: input.context.source ?? 'service',
      windowId: input.windowId ?? null,
      reason: truncate(input.reason, 1000),
      ip: truncate(input.context.ip, 64),
      userAgent: truncate(input.context.userAgent, 500),
      stateBefore: input.before ? JSON.stringify(input.before) : null,
      stateAfter: input.after ? JSON.stringify(input.after) : null,
      details: input.details ? JSON.stringify(input.details) : null,
      createdAt: input.at ?? new Date(),
      prevHash: last?.hash ?? null,
    });
    entry.hash = auditHash(entry, this.options.raw.audit?.key);
    return repository.save(entry);
  }

  /** Newest first, filtered, keyset-paginated by id. */
  async list(query: AuditQuery): Promise<{ items: MaintenanceAuditLog[]; nextCursor: string | null }> {
    const qb = this.store.dataSource.getRepository(MaintenanceAuditLog).createQueryBuilder('audit');
    if (query.action) qb.andWhere('audit.action = :action', { action: query.action });
    if (query.actor) qb.andWhere('audit.actor = :actor', { actor: query.actor });
    if (query.windowId) qb.andWhere('audit.windowId = :windowId', { windowId: query.windowId });
    if (query.from) qb.andWhere('audit.createdAt >= :from', { from: query.from.getTime() });
    if (query.to) qb.andWhere('audit.createdAt < :to', { to: query.to.getTime() });
    if (query.beforeId !== undefined) qb.andWhere('audit.id < :beforeId', { beforeId: query.beforeId });
    const rows = await qb.orderBy('audit.id', 'DESC').take(query.limit + 1).getMany();
    const items = rows.slice(0, query.limit);
    const nextCursor = rows.length > query.limit ? String(items[items.length - 1].id) : null;
    return { items, nextCursor };
  }

  /** Recomputes the chain from the first entry, in batches, and reports the first broken link. */
  async verify(batchSize = 1000): Promise<AuditVerification> {
    const repository = this.store.dataSource.getRepository(MaintenanceAuditLog);
    const key = this.options.raw.audit?.key;
    let previous: string | null = null;
    let lastId = 0;
    let checked = 0;
    for (;;) {
      const batch = await repository
        .createQueryBuilder('audit')
        .where('audit.id > :lastId', { lastId })
        .orderBy('audit.id', 'ASC')
        .take(batchSize)
        .getMany();
      for (const entry of batch) {
        if ((entry.prevHash ?? null) !== previous) {
          return { intact: false, checked, firstBrokenId: entry.id, problem: 'prevHash does not link to the entry before' };
        }
        if (auditHash(entry, key) !== entry.hash) {
          return { intact: false, checked, firstBrokenId: entry.id, problem: 'hash does not match the entry' };
        }
        previous = entry.hash;
        lastId = entry.id;
        checked++;
      }
      if (batch.length < batchSize) return { intact: true, checked, firstBrokenId: null, problem: null };
    }
  }
}

/**
 * Fits a value to its column. What is hashed must be exactly what the database stores: lone surrogates
 * (which drivers store as U+FFFD) are replaced first, and the cut is made by code point, as the columns
 * count, never inside a surrogate pair.
 */
function truncate(value: string | null | undefined, max: number): string | null {
  if (value == null) return null;
  const text = value.toWellFormed();
  if (text.length <= max) return text;
  const codePoints = [...text];
  return codePoints.length > max ? codePoints.slice(0, max).join('') : text;
}
