import { Inject, Injectable } from '@nestjs/common';
import { Brackets, DataSource, In, IsNull, LessThanOrEqual, MoreThan, Not, Repository } from 'typeorm';
import { MAINTENANCE_DATA_SOURCE } from '../../maintenance.internal-constants';
import { MaintenanceAuditLog } from '../entities/maintenance-audit-log.entity';
import { MaintenanceWebhook } from '../entities/maintenance-webhook.entity';
import { isUniqueViolation } from '../database-errors';
import { MaintenanceWebhookStore, WebhookFailure } from '../maintenance-webhook.store';

/** The webhook store on the module's TypeORM DataSource. */
@Injectable()
export class TypeOrmWebhookStore extends MaintenanceWebhookStore {
  constructor(@Inject(MAINTENANCE_DATA_SOURCE) private readonly dataSource: DataSource) {
    super();
  }

  private get webhooks(): Repository<MaintenanceWebhook> {
    return this.dataSource.getRepository(MaintenanceWebhook);
  }

  private get audit(): Repository<MaintenanceAuditLog> {
    return this.dataSource.getRepository(MaintenanceAuditLog);
  }

  override async ensure(name: string, afterAuditId: number, now: Date): Promise<void> {
    if (await this.webhooks.existsBy({ name })) return;
    try {
      await this.webhooks.insert({
        name,
        lastAuditId: afterAuditId,
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        failingSince: null,
        lastDeliveredAt: null,
        lockedBy: null,
        lockedUntil: null,
        createdAt: now,
      });
    } catch (error) {
      // Another instance created it first: its starting point stands.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  override async claim(name: string, holder: string, now: Date, leaseMs: number): Promise<MaintenanceWebhook | null> {
    const at = now.getTime();
    // Column names escaped by the driver: PostgreSQL folds unquoted camelCase names to lower case.
    const column = (name: keyof MaintenanceWebhook) => this.dataSource.driver.escape(name);
    const result = await this.dataSource
      .createQueryBuilder()
      .update(MaintenanceWebhook)
      .set({ lockedBy: holder, lockedUntil: new Date(at + leaseMs) })
      .where(`${column('name')} = :name`, { name })
      .andWhere(new Brackets((free) => free.where(`${column('lockedUntil')} IS NULL`).orWhere(`${column('lockedUntil')} < :at`, { at })))
      .andWhere(new Brackets((due) => due.where(`${column('nextAttemptAt')} IS NULL`).orWhere(`${column('nextAttemptAt')} <= :at`, { at })))
      .execute();
    if (result.affected !== 1) return null;
    return this.webhooks.findOneBy({ name, lockedBy: holder });
  }

  override async advance(name: string, holder: string, auditId: number, now: Date, leaseMs: number, delivered: boolean): Promise<boolean> {
    const result = await this.webhooks.update(
      { name, lockedBy: holder },
      {
        lastAuditId: auditId,
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        failingSince: null,
        lockedUntil: new Date(now.getTime() + leaseMs),
        ...(delivered ? { lastDeliveredAt: now } : {}),
      },
    );
    return result.affected === 1;
  }

  override async renew(name: string, holder: string, now: Date, leaseMs: number): Promise<boolean> {
    const result = await this.webhooks.update({ name, lockedBy: holder }, { lockedUntil: new Date(now.getTime() + leaseMs) });
    return result.affected === 1;
  }

  override async fail(name: string, holder: string, failure: WebhookFailure): Promise<void> {
    await this.webhooks.update({ name, lockedBy: holder }, { ...failure, lockedBy: null, lockedUntil: null });
  }

  override async release(name: string, holder: string): Promise<void> {
    await this.webhooks.update({ name, lockedBy: holder }, { lockedBy: null, lockedUntil: null });
  }

  override list(): Promise<MaintenanceWebhook[]> {
    return this.webhooks.find({ order: { name: 'ASC' } });
  }

  override entriesAfter(afterId: number, limit: number): Promise<MaintenanceAuditLog[]> {
    return this.audit.find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
  }

  override countAfter(afterId: number, actions: readonly string[]): Promise<number> {
    return this.audit.countBy({ id: MoreThan(afterId), action: In([...actions]) });
  }

  override async stateUpTo(auditId: number): Promise<string | null> {
    const [entry] = await this.audit.find({
      select: { id: true, stateAfter: true },
      where: { id: LessThanOrEqual(auditId), stateAfter: Not(IsNull()) },
      order: { id: 'DESC' },
      take: 1,
    });
    return entry?.stateAfter ?? null;
  }

  override async lastAuditId(): Promise<number> {
    const [last] = await this.audit.find({ select: { id: true }, order: { id: 'DESC' }, take: 1 });
    return last?.id ?? 0;
  }
}
