import { describeMaintenanceRepositoryContract } from '../maintenance-repository.contract';
import { InMemoryMaintenanceRepository } from './in-memory-maintenance.repository';

// The repository interface's contract, with no database (the same tests run on TypeORM in the e2e suite).
describeMaintenanceRepositoryContract('in memory', async () => ({ repository: new InMemoryMaintenanceRepository(), close: async () => undefined }));
