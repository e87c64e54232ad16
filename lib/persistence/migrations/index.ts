import { MaintenanceInit1767225600000 } from './1767225600000-maintenance-init';
import { MaintenanceFleet1780272000000 } from './1780272000000-maintenance-fleet';
import { MaintenanceScopes1796083200000 } from './1796083200000-maintenance-scopes';
import { MaintenanceNotifications1798848000000 } from './1798848000000-maintenance-notifications';

export { MaintenanceFleet1780272000000, MaintenanceInit1767225600000, MaintenanceNotifications1798848000000, MaintenanceScopes1796083200000 };

/**
 * The module's TypeORM migrations, oldest first, for apps that run with `synchronize: false`. Add them to
 * the app's own `migrations` so `migration:run` (or `migrationsRun: true`) creates the maintenance tables
 * and its lock row; they work on PostgreSQL, MySQL/MariaDB and SQLite (better-sqlite3).
 *
 * Why classes and not a glob: the module ships compiled in `node_modules`, where an app's
 * `migrations: ['src/migrations/*.ts']` never looks. Spreading this array keeps the app's own paths as
 * they are. New versions of the module append migrations here; already applied ones are skipped by name.
 *
 * The migrations assume TypeORM's default column naming (the entities' property names, e.g. `windowId`),
 * which is what the entities get unless the app sets a `namingStrategy` that renames columns.
 *
 * @example
 * ```ts
 * import { DataSource } from 'typeorm';
 * import { MAINTENANCE_ENTITIES, MAINTENANCE_MIGRATIONS } from 'nestjs-maintenance';
 * import { User } from './users/user.entity';
 *
 * export default new DataSource({
 *   type: 'postgres',
 *   url: process.env.DATABASE_URL,
 *   synchronize: false,
 *   entities: [...MAINTENANCE_ENTITIES, User],
 *   migrations: [...MAINTENANCE_MIGRATIONS, 'dist/migrations/*.js'],
 * });
 * // then: npx typeorm migration:run -d dist/data-source.js
 * ```
 * @publicApi
 */
export const MAINTENANCE_MIGRATIONS = [
  MaintenanceInit1767225600000,
  MaintenanceFleet1780272000000,
  MaintenanceScopes1796083200000,
  MaintenanceNotifications1798848000000,
];
