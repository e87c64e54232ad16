import { EntityManager, In } from 'typeorm';
import { MaintenanceApproval } from '../entities/maintenance-approval.entity';
import { MaintenanceAuditLog } from '../entities/maintenance-audit-log.entity';
import { MaintenanceWindow } from '../entities/maintenance-window.entity';
import { CANDIDATE_WINDOW_STATUSES, MaintenanceUnitOfWork, NewAuditEntry, WINDOWS_AROUND_STATUSES } from '../maintenance.repository';

/** A unit of work on the entity manager of a transaction that holds the maintenance lock. */
export class TypeOrmUnitOfWork implements MaintenanceUnitOfWork {
  constructor(private readonly manager: EntityManager) {}

  candidateWindows(): Promise<MaintenanceWindow[]> {
    return candidateWindowsIn(this.manager);
  }

  findWindow(id: string, options: { approvals?: boolean } = {}): Promise<MaintenanceWindow | null> {
    return findWindowIn(this.manager, id, options);
  }

  windowsAround(at: number): Promise<MaintenanceWindow[]> {
    const from = at - 1;
    return this.manager
      .getRepository(MaintenanceWindow)
      .createQueryBuilder('w')
      .where('w.status IN (:...statuses)', { statuses: WINDOWS_AROUND_STATUSES })
      .andWhere('w.startsAt <= :at', { at })
      .andWhere('(w.endsAt IS NULL OR w.endsAt >= :from)', { from })
      .andWhere('(w.endedAt IS NULL OR w.endedAt >= :from)', { from })
      .getMany();
  }

  async insertWindow(window: MaintenanceWindow): Promise<void> {
    await this.manager.getRepository(MaintenanceWindow).insert(window);
  }

  async saveWindows(windows: MaintenanceWindow[]): Promise<void> {
    if (windows.length > 0) await this.manager.getRepository(MaintenanceWindow).save(windows);
  }

  async updateWindow(id: string, changes: Partial<Omit<MaintenanceWindow, 'id' | 'approvals'>>): Promise<void> {
    await this.manager.getRepository(MaintenanceWindow).update({ id }, changes);
  }

  async insertApproval(approval: MaintenanceApproval): Promise<void> {
    await this.manager.getRepository(MaintenanceApproval).insert(approval);
  }

  async deleteApprovals(windowId: string): Promise<void> {
    await this.manager.getRepository(MaintenanceApproval).delete({ windowId });
  }

  async lastAuditHash(): Promise<string | null> {
    const [last] = await this.manager.getRepository(MaintenanceAuditLog).find({ select: { id: true, hash: true }, order: { id: 'DESC' }, take: 1 });
    return last?.hash ?? null;
  }

  appendAuditEntry(entry: NewAuditEntry): Promise<MaintenanceAuditLog> {
    const repository = this.manager.getRepository(MaintenanceAuditLog);
    return repository.save(repository.create(entry));
  }
}

/** `approved` and `active` windows, on `manager` (a transaction's or the data source's). */
export function candidateWindowsIn(manager: EntityManager): Promise<MaintenanceWindow[]> {
  return manager.getRepository(MaintenanceWindow).find({ where: { status: In([...CANDIDATE_WINDOW_STATUSES]) } });
}

/** One window by id, with its approvals when asked. */
export function findWindowIn(manager: EntityManager, id: string, options: { approvals?: boolean }): Promise<MaintenanceWindow | null> {
  return manager.getRepository(MaintenanceWindow).findOne({ where: { id }, relations: options.approvals ? { approvals: true } : undefined });
}
