import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { BYPASS_MAINTENANCE_KEY, MAINTENANCE_BYPASS_EXTENSION } from '../maintenance.constants';
import { MAINTENANCE_MODES, MaintenanceMode } from '../interfaces/maintenance-mode.type';

/** Options of `@BypassMaintenance()`. @publicApi */
export interface BypassMaintenanceOptions {
  /** The modes the route is exempt from. Default: every mode. */
  modes?: MaintenanceMode[];
}

/**
 * Exempts a handler or a whole controller from maintenance. A handler's decorator overrides its
 * controller's. The exempt modes are also written into the route's OpenAPI operation
 * (`x-maintenance-bypass`), so `withMaintenanceResponses()` leaves the route's answers as they are.
 *
 * @example
 * ```ts
 * @BypassMaintenance()                            // health checks: never blocked
 * @Get('health') health() {}
 *
 * @BypassMaintenance({ modes: ['read-only'] })    // sign-in keeps working in read-only mode
 * @Post('login') login() {}
 * ```
 * @publicApi
 */
export const BypassMaintenance = (options: BypassMaintenanceOptions = {}) =>
  applyDecorators(
    SetMetadata(BYPASS_MAINTENANCE_KEY, Object.freeze({ modes: options.modes ? [...options.modes] : null })),
    ApiExtension(MAINTENANCE_BYPASS_EXTENSION, options.modes ? [...options.modes] : [...MAINTENANCE_MODES]),
  );

/** Metadata stored by `@BypassMaintenance()`; `modes: null` means every mode. */
export interface BypassMaintenanceMetadata {
  modes: MaintenanceMode[] | null;
}
