/* eslint-disable @typescript-eslint/require-await -- memory answers at once; async keeps the port's signatures and its errors as rejections */
import { MaintenanceApproval } from '../entities/maintenance-approval.entity';
import { MaintenanceAuditLog } from '../entities/maintenance-audit-log.entity';
import { MaintenanceInstance } from '../entities/maintenance-instance.entity';
import { MaintenanceWindow } from '../entities/maintenance-window.entity';
import {
  auditCursorOf,
  AuditPageQuery,
  CANDIDATE_WINDOW_STATUSES,
  MaintenancePage,
  MaintenanceRepository,
  MaintenanceUnitOfWork,
  NewAuditEntry,
  pageOf,
  WINDOWS_AROUND_STATUSES,
  WindowPageQuery,
} from '../maintenance.repository';
import { decodeWindowCursor, windowCursorOf } from '../window-cursor';

/** The rows of an in-memory store. */
interface Tables {
  windows: MaintenanceWindow[];
  approvals: MaintenanceApproval[];
  audit: MaintenanceAuditLog[];
  /** Incremented by every unit of work, as the TypeORM store's lock row. */
  version: number;
}

/**
 * `MaintenanceRepository` in memory, for unit specs of the workflow: the same contract as the TypeORM one
 * (`maintenance-repository.contract.ts` runs against both), with no database. Units of work run one at a time
 * and roll back when they throw; every read hands out copies, as a database would.
 */
export class InMemoryMaintenanceRepository extends MaintenanceRepository {
  private tables: Tables = { windows: [], approvals: [], audit: [], version: 0 };
  private readonly instanceRows = new Map<string, MaintenanceInstance>();
  private queue: Promise<unknown> = Promise.resolve();

  override async candidateWindows(): Promise<MaintenanceWindow[]> {
    return candidates(this.tables);
  }

  override async findWindow(id: string, options: { approvals?: boolean } = {}): Promise<MaintenanceWindow | null> {
    return findWindow(this.tables, id, options);
  }

  override async windowPage(query: WindowPageQuery): Promise<MaintenancePage<MaintenanceWindow>> {
    const cursor = query.cursor ? decodeWindowCursor(query.cursor) : null;
    const rows = this.tables.windows
      .filter((w) => !query.status || w.status === query.status)
      .filter((w) => !query.mode || w.mode === query.mode)
      .filter((w) => query.scope === undefined || (w.scope ?? null) === query.scope)
      .filter((w) => !query.from || w.endsAt === null || w.endsAt.getTime() > query.from.getTime())
      .filter((w) => !query.to || w.startsAt.getTime() < query.to.getTime())
      .filter((w) => !cursor || w.createdAt.getTime() < cursor[0] || (w.createdAt.getTime() === cursor[0] && w.id < cursor[1]))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const page = pageOf(rows, query.limit, windowCursorOf);
    return { items: page.items.map((w) => withApprovals(this.tables, w)), nextCursor: page.nextCursor };
  }

  override async auditPage(query: AuditPageQuery): Promise<MaintenancePage<MaintenanceAuditLog>> {
    const rows = this.tables.audit
      .filter((e) => !query.action || e.action === query.action)
      .filter((e) => !query.actor || e.actor === query.actor)
      .filter((e) => !query.windowId || e.windowId === query.windowId)
      .filter((e) => !query.from || e.createdAt.getTime() >= query.from.getTime())
      .filter((e) => !query.to || e.createdAt.getTime() < query.to.getTime())
      .filter((e) => query.beforeId === undefined || e.id < query.beforeId)
      .sort((a, b) => b.id - a.id);
    const page = pageOf(rows, query.limit, auditCursorOf);
    return { items: page.items.map(copy), nextCursor: page.nextCursor };
  }

  override async auditBatch(afterId: number, size: number): Promise<MaintenanceAuditLog[]> {
    return this.tables.audit
      .filter((e) => e.id > afterId)
      .sort((a, b) => a.id - b.id)
      .slice(0, size)
      .map(copy);
  }

  override runExclusive<T>(work: (unit: MaintenanceUnitOfWork) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const before = structuredClone(this.tables);
      this.tables.version++;
      try {
        return await work(new InMemoryUnitOfWork(this.tables));
      } catch (error) {
        this.tables = before;
        throw error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  override async stateVersion(): Promise<number> {
    return this.tables.version;
  }

  override async saveInstance(instance: MaintenanceInstance): Promise<void> {
    this.instanceRows.set(instance.id, Object.assign(new MaintenanceInstance(), instance));
  }

  override async instances(): Promise<MaintenanceInstance[]> {
    return [...this.instanceRows.values()]
      .sort((a, b) => b.seenAt.getTime() - a.seenAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((row) => Object.assign(new MaintenanceInstance(), row));
  }

  override async forgetInstances(which: { id: string } | { expiredBefore: Date }): Promise<void> {
    for (const row of [...this.instanceRows.values()]) {
      if ('id' in which ? row.id === which.id : row.expiresAt.getTime() < which.expiredBefore.getTime()) this.instanceRows.delete(row.id);
    }
  }

  override async reportMissingSchema(): Promise<void> {}

  override noteSchemaReadable(): void {}
}

class InMemoryUnitOfWork implements MaintenanceUnitOfWork {
  constructor(private readonly tables: Tables) {}

  async candidateWindows(): Promise<MaintenanceWindow[]> {
    return candidates(this.tables);
  }

  async findWindow(id: string, options: { approvals?: boolean } = {}): Promise<MaintenanceWindow | null> {
    return findWindow(this.tables, id, options);
  }

  async windowsAround(at: number): Promise<MaintenanceWindow[]> {
    const from = at - 1;
    return this.tables.windows
      .filter((w) => WINDOWS_AROUND_STATUSES.includes(w.status))
      .filter((w) => w.startsAt.getTime() <= at)
      .filter((w) => (w.endsAt === null || w.endsAt.getTime() >= from) && (w.endedAt === null || w.endedAt.getTime() >= from))
      .map(copy);
  }

  async insertWindow(window: MaintenanceWindow): Promise<void> {
    if (this.tables.windows.some((w) => w.id === window.id)) throw new Error(`duplicate window id ${window.id}`);
    const { approvals: _approvals, ...row } = window;
    this.tables.windows.push(copy(row as MaintenanceWindow));
  }

  async saveWindows(windows: MaintenanceWindow[]): Promise<void> {
    for (const window of windows) {
      const { approvals: _approvals, ...row } = window;
      const index = this.tables.windows.findIndex((w) => w.id === window.id);
      if (index === -1) this.tables.windows.push(copy(row as MaintenanceWindow));
      else this.tables.windows[index] = copy(row as MaintenanceWindow);
    }
  }

  async updateWindow(id: string, changes: Partial<Omit<MaintenanceWindow, 'id' | 'approvals'>>): Promise<void> {
    const window = this.tables.windows.find((w) => w.id === id);
    if (window) Object.assign(window, copy(changes));
  }

  async deleteApprovals(windowId: string): Promise<void> {
    this.tables.approvals = this.tables.approvals.filter((approval) => approval.windowId !== windowId);
  }

  async insertApproval(approval: MaintenanceApproval): Promise<void> {
    // The unique key (window, approver) of the real table.
    if (this.tables.approvals.some((a) => a.windowId === approval.windowId && a.approver === approval.approver)) {
      throw Object.assign(new Error('UNIQUE constraint failed: maintenance_approvals.windowId, maintenance_approvals.approver'), {
        code: 'SQLITE_CONSTRAINT_UNIQUE',
      });
    }
    this.tables.approvals.push(copy(approval));
  }

  async lastAuditHash(): Promise<string | null> {
    return this.tables.audit.length === 0 ? null : this.tables.audit[this.tables.audit.length - 1].hash;
  }

  async appendAuditEntry(entry: NewAuditEntry): Promise<MaintenanceAuditLog> {
    const id = this.tables.audit.length === 0 ? 1 : this.tables.audit[this.tables.audit.length - 1].id + 1;
    const stored = Object.assign(new MaintenanceAuditLog(), copy(entry), { id });
    this.tables.audit.push(stored);
    return copy(stored);
  }
}

function candidates(tables: Tables): MaintenanceWindow[] {
  return tables.windows.filter((w) => CANDIDATE_WINDOW_STATUSES.includes(w.status)).map(copy);
}

function findWindow(tables: Tables, id: string, options: { approvals?: boolean }): MaintenanceWindow | null {
  const window = tables.windows.find((w) => w.id === id);
  if (!window) return null;
  return options.approvals ? withApprovals(tables, window) : copy(window);
}

function withApprovals(tables: Tables, window: MaintenanceWindow): MaintenanceWindow {
  return Object.assign(copy(window), { approvals: tables.approvals.filter((a) => a.windowId === window.id).map(copy) });
}

/** A copy that keeps the class (and the Dates) of what it copies. */
function copy<T extends object>(value: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(value)) as T, structuredClone({ ...value }));
}
