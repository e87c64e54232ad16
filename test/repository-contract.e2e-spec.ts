import { DataSource } from 'typeorm';
import { MaintenanceApproval, MaintenanceAuditLog, MaintenanceWindow } from '../lib';
import { describeMaintenanceRepositoryContract } from '../lib/persistence/maintenance-repository.contract';
import { TypeOrmMaintenanceRepository } from '../lib/persistence/typeorm/typeorm-maintenance.repository';
import { prepareSchema } from './utils/schema';
import { sqliteFile, testDatabaseKind } from './utils/test-database';

// The storage port's contract on the real database of this run: the unit specs use the in-memory store, so this
// is what shows that the two behave alike.
let dataSource: DataSource | null = null;

afterAll(async () => {
  await dataSource?.destroy();
});

describeMaintenanceRepositoryContract(`TypeORM on ${testDatabaseKind()}`, async () => {
  if (!dataSource) dataSource = await prepareSchema('repository-contract', sqliteFile('repository-contract'));
  for (const entity of [MaintenanceApproval, MaintenanceWindow, MaintenanceAuditLog]) {
    await dataSource.createQueryBuilder().delete().from(entity).execute();
  }
  const repository = new TypeOrmMaintenanceRepository(dataSource);
  await repository.onModuleInit();
  return { repository, close: async () => undefined };
});
