import { Inject, Injectable } from '@nestjs/common';
import { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';
import { MaintenanceActorContext } from '../interfaces/maintenance-actor.interface';
import { MaintenanceAuditAction } from '../interfaces/maintenance-mode.type';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { auditHash } from './audit-hash';
import { AuditPageQuery, MaintenancePage, MaintenanceRepository, MaintenanceUnitOfWork } from '../persistence/maintenance.repository';

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
export type AuditQuery = AuditPageQuery;

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
    private readonly repository: MaintenanceRepository,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  /** Appends an entry; call inside `repository.runExclusive` so the chain stays linear. */
  async append(unit: MaintenanceUnitOfWork, input: AuditEntryInput): Promise<MaintenanceAuditLog> {
    const entry = {
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
      prevHash: await unit.lastAuditHash(),
    };
    return unit.appendAuditEntry({ ...entry, hash: auditHash(entry, this.options.auditKey) });
  }

  /** Newest first, filtered, keyset-paginated by id. */
  list(query: AuditQuery): Promise<MaintenancePage<MaintenanceAuditLog>> {
    return this.repository.auditPage(query);
  }

  /** Recomputes the chain from the first entry, in batches, and reports the first broken link. */
  async verify(batchSize = 1000): Promise<AuditVerification> {
    const key = this.options.auditKey;
    let previous: string | null = null;
    let lastId = 0;
    let checked = 0;
    for (;;) {
      const batch = await this.repository.auditBatch(lastId, batchSize);
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
