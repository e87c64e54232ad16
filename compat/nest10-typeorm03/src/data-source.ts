import { DataSource } from 'typeorm';
import {
  MAINTENANCE_ENTITIES,
  MAINTENANCE_MIGRATIONS,
} from 'nestjs-maintenance';

// For the typeorm CLI (`npx typeorm migration:run -d dist/data-source.js`) and
// the nestjs-maintenance CLI (`nestjs-maintenance -d dist/data-source.js ...`).
export default new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  synchronize: false,
  entities: [...MAINTENANCE_ENTITIES],
  migrations: [...MAINTENANCE_MIGRATIONS],
});
