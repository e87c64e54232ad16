import { MaintenanceMode, MaintenanceAuditAction, MaintenanceWindowStatus } from '../interfaces/maintenance-mode.type';
import { MaintenanceApproval } from './entities/maintenance-approval.entity';
import { MaintenanceAuditLog } from './entities/maintenance-audit-log.entity';
import { MaintenanceInstance } from './entities/maintenance-instance.entity';
import { MaintenanceWindow } from './entities/maintenance-window.entity';

/** One page of a keyset-paginated list, and the cursor of the next one (null on the last page). */
export interface MaintenancePage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Which windows to list, newest request first. */
export interface WindowPageQuery {
  status?: MaintenanceWindowStatus;
  mode?: MaintenanceMode;
  /** Windows of this scope; null: of the whole app. */
  scope?: string | null;
  /** Windows in force at some point at or after this instant. */
  from?: Date;
  /** Windows starting before this instant. */
  to?: Date;
  /** The `nextCursor` of the page before. */
  cursor?: string;
  limit: number;
}

/** Which audit entries to list, newest first. @publicApi */
export interface AuditPageQuery {
  action?: MaintenanceAuditAction;
  actor?: string;
  windowId?: string;
  from?: Date;
  to?: Date;
  /** Return entries older than this id (keyset cursor). */
  beforeId?: number;
  limit: number;
}

/** The windows that can be in force now or later. */
export const CANDIDATE_WINDOW_STATUSES: readonly MaintenanceWindowStatus[] = ['approved', 'active'];

/** The windows that can have been in force at some instant: the candidates, and those that ended or were cancelled. */
export const WINDOWS_AROUND_STATUSES: readonly MaintenanceWindowStatus[] = ['approved', 'active', 'completed', 'cancelled'];

/**
 * One page of `rows`, which were read with one row more than `limit`: the first `limit`, and the cursor of the
 * last of them when that extra row shows there is more.
 */
export function pageOf<T>(rows: readonly T[], limit: number, cursorOf: (last: T) => string): MaintenancePage<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? cursorOf(items[items.length - 1]) : null };
}

/** The cursor of an audit page: the id of its last entry. */
export function auditCursorOf(entry: MaintenanceAuditLog): string {
  return String(entry.id);
}

/** An audit entry before the store gives it its id. */
export type NewAuditEntry = Omit<MaintenanceAuditLog, 'id'>;

/**
 * The reads and writes of one exclusive unit of work (see `MaintenanceRepository.runExclusive`): every change
 * of the module's state goes through one of these, so changes from every instance and the CLI are ordered.
 */
export interface MaintenanceUnitOfWork {
  /** The windows that can be in force now or later (`approved` and `active`). */
  candidateWindows(): Promise<MaintenanceWindow[]>;
  /** One window, with its approvals when asked. */
  findWindow(id: string, options?: { approvals?: boolean }): Promise<MaintenanceWindow | null>;
  /**
   * The windows that may have been in force around the instant `at` (ms): approved, active, completed or
   * cancelled ones that had started by then and had not ended (`endsAt`, or `endedAt` when ended early) before
   * `at − 1`.
   */
  windowsAround(at: number): Promise<MaintenanceWindow[]>;
  insertWindow(window: MaintenanceWindow): Promise<void>;
  /** Writes back windows read in this unit of work, with their changed fields. */
  saveWindows(windows: MaintenanceWindow[]): Promise<void>;
  updateWindow(id: string, changes: Partial<Omit<MaintenanceWindow, 'id' | 'approvals'>>): Promise<void>;
  insertApproval(approval: MaintenanceApproval): Promise<void>;
  /** Forgets a window's approvals (its request changed and is to be approved again; the audit log keeps them). */
  deleteApprovals(windowId: string): Promise<void>;
  /** The hash of the newest audit entry, which the next one links to; null while the log is empty. */
  lastAuditHash(): Promise<string | null>;
  /** Appends an entry and returns it with its id. */
  appendAuditEntry(entry: NewAuditEntry): Promise<MaintenanceAuditLog>;
}

/**
 * The module's storage port: every query and write of windows, approvals and audit entries. Services ask it and
 * never see the database; the TypeORM implementation (`TypeOrmMaintenanceRepository`) is the only code that
 * knows TypeORM, and a second store is a class implementing this one (the unit specs use an in-memory one).
 * An abstract class so that it is its own Nest injection token.
 */
export abstract class MaintenanceRepository {
  /** The windows that can be in force now or later (`approved` and `active`). */
  abstract candidateWindows(): Promise<MaintenanceWindow[]>;
  /** One window, with its approvals when asked. */
  abstract findWindow(id: string, options?: { approvals?: boolean }): Promise<MaintenanceWindow | null>;
  /** A page of windows (with their approvals), newest request first. */
  abstract windowPage(query: WindowPageQuery): Promise<MaintenancePage<MaintenanceWindow>>;
  /** A page of audit entries, newest first; the cursor is the id of the last entry. */
  abstract auditPage(query: AuditPageQuery): Promise<MaintenancePage<MaintenanceAuditLog>>;
  /** Up to `size` audit entries with ids above `afterId`, oldest first (verification walks the chain with it). */
  abstract auditBatch(afterId: number, size: number): Promise<MaintenanceAuditLog[]>;
  /**
   * Runs `work` as one unit of work that no other writer (instance or CLI) interleaves with, committed when it
   * resolves and rolled back when it throws.
   */
  abstract runExclusive<T>(work: (unit: MaintenanceUnitOfWork) => Promise<T>): Promise<T>;
  /**
   * The version of the stored state: a counter every unit of work increments (0 before the first). Read before
   * the windows, an instance that has read version N enforces at least what N committed.
   */
  abstract stateVersion(): Promise<number>;
  /** Writes an instance's heartbeat: its row is inserted the first time and replaced after. Not a unit of work. */
  abstract saveInstance(instance: MaintenanceInstance): Promise<void>;
  /** Every instance row, most recently seen first. */
  abstract instances(): Promise<MaintenanceInstance[]>;
  /** Deletes the row of one instance (`id`), or of every instance whose row expired before `expiredBefore`. */
  abstract forgetInstances(which: { id: string } | { expiredBefore: Date }): Promise<void>;
  /** After a read failed because the schema is missing: says once, until fixed, what is missing and how to fix it. */
  abstract reportMissingSchema(): Promise<void>;
  /** After a read that worked: says once that a schema reported missing is there now. */
  abstract noteSchemaReadable(): void;
}
