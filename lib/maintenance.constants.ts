/** Metadata key written by `@BypassMaintenance()`. @publicApi */
export const BYPASS_MAINTENANCE_KEY = 'nestjs-maintenance:bypass';
/** Metadata key of `@MaintenanceScope()`: the scope names of a handler or class. @publicApi */
export const MAINTENANCE_SCOPE_KEY = 'nestjs-maintenance:scope';

/** Response header naming the mode in force (`full` or `read-only`). @publicApi */
export const MAINTENANCE_MODE_HEADER = 'X-Maintenance-Mode';

/** Response header carrying the ISO start of the next approved window during the notice period. @publicApi */
export const MAINTENANCE_SCHEDULED_HEADER = 'X-Maintenance-Scheduled';

/**
 * OpenAPI extension that `@BypassMaintenance()` writes on a route's operation: the modes it is exempt from.
 * @publicApi
 */
export const MAINTENANCE_BYPASS_EXTENSION = 'x-maintenance-bypass';

/** Default request header that carries the bypass secret. @publicApi */
export const MAINTENANCE_BYPASS_HEADER = 'x-maintenance-bypass';

/**
 * `extensions.code` of the GraphQL error a refused operation gets, by mode: `MAINTENANCE` in full mode,
 * `READ_ONLY` for a mutation in read-only mode.
 * @publicApi
 */
export const MAINTENANCE_GRAPHQL_ERROR_CODES = Object.freeze({ full: 'MAINTENANCE', 'read-only': 'READ_ONLY' } as const);

/** Defaults applied to `MaintenanceModuleOptions`. @publicApi */
export const MAINTENANCE_DEFAULTS = Object.freeze({
  adminPath: 'maintenance',
  refreshIntervalMs: 1000,
  retryAfterSeconds: 300,
  noticeMinutes: 60,
  readOnlyStatusCode: 403,
  readOnlyMethods: ['GET', 'HEAD', 'OPTIONS'] as readonly string[],
  // Neutral on purpose: the same default serves planned windows and emergency toggles.
  message: 'We are performing maintenance and will be back shortly.',
  readOnlyMessage: 'The service is read-only during maintenance: changes cannot be saved right now.',
  approvalsRequired: 1,
  listLimit: 50,
  listMaxLimit: 200,
  syncChannel: 'nestjs_maintenance',
  redisUrl: 'redis://127.0.0.1:6379',
});
/** Metadata key of `@PauseDuringMaintenance()`. */
export const PAUSE_DURING_MAINTENANCE_KEY = 'nestjs-maintenance:pause';
