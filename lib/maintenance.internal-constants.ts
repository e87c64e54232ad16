/** Resolved, validated options (internal). */
export const MAINTENANCE_RESOLVED_OPTIONS = Symbol('MAINTENANCE_RESOLVED_OPTIONS');
/** The TypeORM DataSource the module works on (internal alias). */
export const MAINTENANCE_DATA_SOURCE = Symbol('MAINTENANCE_DATA_SOURCE');
/** Metadata key of the admin action a route performs. */
export const MAINTENANCE_ACTION_KEY = 'nestjs-maintenance:action';
/** Metadata key of the DTOs an admin route's body and query must match (`@AdminInput()`). */
export const MAINTENANCE_ADMIN_INPUT_KEY = 'nestjs-maintenance:admin-input';
/** Name of the single lock row that serialises every maintenance write. */
export const MAINTENANCE_LOCK_NAME = 'maintenance';
/** Where the module enforces maintenance: the `guard` extra, `'global'` when not given (internal). */
export const MAINTENANCE_GUARD_PLACEMENT = Symbol('MAINTENANCE_GUARD_PLACEMENT');
/** Token of the live stream's route path (without the app's global prefix), or null when the public routes are not mounted. */
export const MAINTENANCE_STREAM_PATH = Symbol('MAINTENANCE_STREAM_PATH');
/**
 * Key of the mark the module puts in the Fastify route config of each Nest route with `guard: 'fastify-hook'`
 * (internal). A symbol: it stays out of anything that serialises the config.
 */
export const MAINTENANCE_ROUTE_MARK = Symbol('nestjs-maintenance:route');
/** setTimeout's largest delay (about 24.8 days); a longer one would silently become 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
