import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { AuditQuery, AuditVerification, MaintenanceAuditService } from '../audit/maintenance-audit.service';
import { WindowQuery } from '../interfaces/maintenance-service-inputs.interface';
import { MaintenanceWindowDetails } from '../interfaces/maintenance-window.interface';
import { MAINTENANCE_DEFAULTS } from '../maintenance.constants';
import { MESSAGES } from '../maintenance.messages';
import { toWriteError } from '../persistence/database-errors';
import { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';
import { MaintenancePage, MaintenanceRepository } from '../persistence/maintenance.repository';
import { windowDetails } from './window-details';
import { calendarEntries } from './calendar-entries';
import { MaintenanceCalendarEntry } from '../calendar/maintenance-calendar';

/** The reads of the workflow: windows and the audit log. A database failure answers 503, never a 500. */
@Injectable()
export class MaintenanceQueries {
  private readonly logger = new Logger('MaintenanceModule');

  constructor(
    private readonly repository: MaintenanceRepository,
    private readonly audit: MaintenanceAuditService,
  ) {}

  /** One window with its approvals. */
  async getWindow(id: string): Promise<MaintenanceWindowDetails> {
    const window = await this.read(() => this.repository.findWindow(id, { approvals: true }));
    if (!window) throw new NotFoundException(MESSAGES.windowNotFound(id));
    return windowDetails(window);
  }

  /** Windows, newest request first, keyset-paginated. */
  async listWindows(query: WindowQuery = {}): Promise<MaintenancePage<MaintenanceWindowDetails>> {
    const page = await this.read(() => this.repository.windowPage({ ...query, limit: pageSize(query.limit) }));
    return { items: page.items.map(windowDetails), nextCursor: page.nextCursor };
  }

  /** Audit entries, newest first. */
  listAudit(query: Partial<AuditQuery> = {}): Promise<MaintenancePage<MaintenanceAuditLog>> {
    return this.read(() => this.audit.list({ ...query, limit: pageSize(query.limit) }));
  }

  /** The approved windows and occurrences to come (and in force), as the events of the calendar feed. */
  async calendarEntries(now = Date.now()): Promise<MaintenanceCalendarEntry[]> {
    return calendarEntries(await this.read(() => this.repository.candidateWindows()), now);
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
}

function pageSize(limit: number | undefined): number {
  return Math.min(limit ?? MAINTENANCE_DEFAULTS.listLimit, MAINTENANCE_DEFAULTS.listMaxLimit);
}
