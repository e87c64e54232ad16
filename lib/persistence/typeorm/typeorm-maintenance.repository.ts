import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager, In, LessThan } from 'typeorm';
import { MaintenanceApproval } from '../entities/maintenance-approval.entity';
import { MaintenanceAuditLog } from '../entities/maintenance-audit-log.entity';
import { MaintenanceWindow } from '../entities/maintenance-window.entity';
import { MaintenanceLock } from '../entities/maintenance-lock.entity';
import { MaintenanceInstance } from '../entities/maintenance-instance.entity';
import { MAINTENANCE_ENTITIES } from '../entities';
import { MAINTENANCE_CORE_ENTITIES } from '../core-entities';
import { MAINTENANCE_DATA_SOURCE, MAINTENANCE_LOCK_NAME } from '../../maintenance.internal-constants';
import { MESSAGES } from '../../maintenance.messages';
import { isMissingSchemaError, MaintenanceEntitiesMissingError } from '../database-errors';
import {
  auditCursorOf,
  AuditPageQuery,
  MaintenancePage,
  MaintenanceRepository,
  MaintenanceUnitOfWork,
  pageOf,
  WindowPageQuery,
} from '../maintenance.repository';
import { decodeWindowCursor, windowCursorOf } from '../window-cursor';
import { allowWrites } from '../write-permit';
import { candidateWindowsIn, findWindowIn, TypeOrmUnitOfWork } from './typeorm-unit-of-work';

/**
 * The module's storage on the app's TypeORM data source: the only code of the module that builds queries.
 * `runExclusive` runs a unit of work in a transaction that first updates the lock row, so maintenance writes
 * from every instance and the CLI happen one at a time.
 */
@Injectable()
export class TypeOrmMaintenanceRepository extends MaintenanceRepository implements OnModuleInit {
  private readonly logger = new Logger('MaintenanceModule');

  constructor(@Inject(MAINTENANCE_DATA_SOURCE) readonly dataSource: DataSource) {
    super();
  }

  /** Whether the missing schema has been logged and not yet found fixed: said once, not every reload. */
  private schemaReported = false;

  async onModuleInit(): Promise<void> {
    try {
      const problem = await this.schemaProblem();
      if (problem) {
        this.schemaReported = true;
        this.logger.error(problem);
        return;
      }
      await this.ensureLockRow(this.dataSource.manager);
    } catch (error) {
      // The database may be down at start-up; runExclusive creates the row later if needed.
      this.logger.warn(`Could not prepare the maintenance lock row: ${(error as Error).message}`);
    }
  }

  /**
   * Logs, once until it is fixed, what is missing (the entities, or which tables) and the two ways to create
   * the tables. For a read that failed with a missing-schema error.
   */
  override async reportMissingSchema(): Promise<void> {
    if (this.schemaReported) return;
    this.schemaReported = true;
    const problem = await this.schemaProblem().catch(() => null);
    this.logger.error(problem ?? MESSAGES.schemaMissing([]));
  }

  /** After a read that worked: says once that the tables reported missing are there now. */
  override noteSchemaReadable(): void {
    if (!this.schemaReported) return;
    this.schemaReported = false;
    this.logger.log(MESSAGES.schemaReady);
  }

  /**
   * What keeps the module from using its tables, in words that say how to fix it, or null when nothing does.
   * Throws what the database throws when it cannot be reached: that is an outage, not a set-up step.
   */
  private async schemaProblem(): Promise<string | null> {
    if (!MAINTENANCE_ENTITIES.every((entity) => this.dataSource.hasMetadata(entity))) return MESSAGES.entitiesNotRegistered;
    const missing: string[] = [];
    const outdated: string[] = [];
    await this.checkFleetTable();
    for (const entity of MAINTENANCE_CORE_ENTITIES) {
      try {
        // Every column the entity maps: a table that exists but lacks a newer migration's column is caught too.
        await this.dataSource.getRepository(entity).find({ take: 1 });
      } catch (error) {
        if (!isMissingSchemaError(error)) throw error;
        const table = this.dataSource.getMetadata(entity).tableName;
        const queryRunner = this.dataSource.createQueryRunner();
        try {
          ((await queryRunner.hasTable(table)) ? outdated : missing).push(table);
        } finally {
          await queryRunner.release();
        }
      }
    }
    return missing.length > 0 || outdated.length > 0 ? MESSAGES.schemaMissing(missing, outdated) : null;
  }

  /** The fleet's table is not needed to switch maintenance: when it is missing, a warning says so (once). */
  private async checkFleetTable(): Promise<void> {
    try {
      await this.dataSource.getRepository(MaintenanceInstance).find({ take: 1 });
    } catch (error) {
      if (!isMissingSchemaError(error)) throw error;
      this.logger.warn(MESSAGES.fleetTableMissing);
    }
  }

  override candidateWindows(): Promise<MaintenanceWindow[]> {
    return candidateWindowsIn(this.dataSource.manager);
  }

  override findWindow(id: string, options: { approvals?: boolean } = {}): Promise<MaintenanceWindow | null> {
    return findWindowIn(this.dataSource.manager, id, options);
  }

  override async windowPage(query: WindowPageQuery): Promise<MaintenancePage<MaintenanceWindow>> {
    const qb = this.dataSource.getRepository(MaintenanceWindow).createQueryBuilder('w');
    if (query.status) qb.andWhere('w.status = :status', { status: query.status });
    if (query.mode) qb.andWhere('w.mode = :mode', { mode: query.mode });
    if (query.scope === null) qb.andWhere('w.scope IS NULL');
    else if (query.scope !== undefined) qb.andWhere('w.scope = :scope', { scope: query.scope });
    if (query.from) qb.andWhere('(w.endsAt IS NULL OR w.endsAt > :from)', { from: query.from.getTime() });
    if (query.to) qb.andWhere('w.startsAt < :to', { to: query.to.getTime() });
    if (query.cursor) {
      const [createdAt, id] = decodeWindowCursor(query.cursor);
      qb.andWhere('(w.createdAt < :cAt OR (w.createdAt = :cAt AND w.id < :cId))', { cAt: createdAt, cId: id });
    }
    const rows = await qb
      .orderBy('w.createdAt', 'DESC')
      .addOrderBy('w.id', 'DESC')
      .take(query.limit + 1)
      .getMany();
    const page = pageOf(rows, query.limit, windowCursorOf);
    if (page.items.length > 0) {
      const approvals = await this.dataSource.getRepository(MaintenanceApproval).find({ where: { windowId: In(page.items.map((window) => window.id)) } });
      for (const window of page.items) window.approvals = approvals.filter((approval) => approval.windowId === window.id);
    }
    return page;
  }

  override async auditPage(query: AuditPageQuery): Promise<MaintenancePage<MaintenanceAuditLog>> {
    const qb = this.dataSource.getRepository(MaintenanceAuditLog).createQueryBuilder('audit');
    if (query.action) qb.andWhere('audit.action = :action', { action: query.action });
    if (query.actor) qb.andWhere('audit.actor = :actor', { actor: query.actor });
    if (query.windowId) qb.andWhere('audit.windowId = :windowId', { windowId: query.windowId });
    if (query.from) qb.andWhere('audit.createdAt >= :from', { from: query.from.getTime() });
    if (query.to) qb.andWhere('audit.createdAt < :to', { to: query.to.getTime() });
    if (query.beforeId !== undefined) qb.andWhere('audit.id < :beforeId', { beforeId: query.beforeId });
    const rows = await qb
      .orderBy('audit.id', 'DESC')
      .take(query.limit + 1)
      .getMany();
    return pageOf(rows, query.limit, auditCursorOf);
  }

  override auditBatch(afterId: number, size: number): Promise<MaintenanceAuditLog[]> {
    return this.dataSource
      .getRepository(MaintenanceAuditLog)
      .createQueryBuilder('audit')
      .where('audit.id > :afterId', { afterId })
      .orderBy('audit.id', 'ASC')
      .take(size)
      .getMany();
  }

  override async stateVersion(): Promise<number> {
    const lock = await this.dataSource.getRepository(MaintenanceLock).findOne({ where: { name: MAINTENANCE_LOCK_NAME } });
    return lock?.version ?? 0;
  }

  override async saveInstance(instance: MaintenanceInstance): Promise<void> {
    await allowWrites(() => this.dataSource.getRepository(MaintenanceInstance).upsert(instance, ['id']));
  }

  override instances(): Promise<MaintenanceInstance[]> {
    return this.dataSource.getRepository(MaintenanceInstance).find({ order: { seenAt: 'DESC', id: 'ASC' } });
  }

  override async forgetInstances(which: { id: string } | { expiredBefore: Date }): Promise<void> {
    const repository = this.dataSource.getRepository(MaintenanceInstance);
    await allowWrites(() => ('id' in which ? repository.delete({ id: which.id }) : repository.delete({ expiresAt: LessThan(which.expiredBefore) })));
  }

  /** Writes of this process, one after another (see `runExclusive`). */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * Runs `work` in a transaction holding the maintenance lock. Writes of this process also queue here
   * first: the lock row orders processes, but TypeORM's SQLite driver shares one connection within a
   * process (a second transaction would become a savepoint of the first), and on Postgres and MariaDB a
   * queued write would otherwise hold a pooled connection while it waits for the row lock.
   */
  override runExclusive<T>(work: (unit: MaintenanceUnitOfWork) => Promise<T>): Promise<T> {
    // Without its metadata TypeORM would take the entity class for a plain function and throw a TypeError.
    if (!this.dataSource.hasMetadata(MaintenanceLock)) return Promise.reject(new MaintenanceEntitiesMissingError());
    // The module's own writes go on during maintenance, even with `readOnly.guardDatabase`.
    const run = this.queue.then(() => allowWrites(() => this.transaction((manager) => work(new TypeOrmUnitOfWork(manager)))));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const isolation = this.isMysql() ? 'READ COMMITTED' : undefined;
    const attempt = () =>
      isolation
        ? this.dataSource.transaction(isolation, (manager) => this.lockThen(manager, work))
        : this.dataSource.transaction((manager) => this.lockThen(manager, work));
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof MissingLockRowError) {
        await this.ensureLockRow(this.dataSource.manager);
        return attempt();
      }
      throw error;
    }
  }

  private async lockThen<T>(manager: EntityManager, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await manager
      .createQueryBuilder()
      .update(MaintenanceLock)
      .set({ version: () => 'version + 1' })
      .where('name = :name', { name: MAINTENANCE_LOCK_NAME })
      .execute();
    if (!result.affected) throw new MissingLockRowError();
    return work(manager);
  }

  private ensureLockRow(manager: EntityManager): Promise<void> {
    return allowWrites(() => this.insertLockRow(manager));
  }

  private async insertLockRow(manager: EntityManager): Promise<void> {
    // count(), not exists(): older TypeORM 0.3 releases name that method exist().
    const exists = (await manager.getRepository(MaintenanceLock).count({ where: { name: MAINTENANCE_LOCK_NAME } })) > 0;
    if (exists) return;
    try {
      await manager.getRepository(MaintenanceLock).insert({ name: MAINTENANCE_LOCK_NAME, version: 0 });
    } catch {
      // Another instance inserted it first.
    }
  }

  private isMysql(): boolean {
    const type = this.dataSource.options.type;
    return type === 'mysql' || type === 'mariadb';
  }
}

class MissingLockRowError extends Error {}
