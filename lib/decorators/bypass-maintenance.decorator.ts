import { SetMetadata } from '@nestjs/common';
import { BYPASS_MAINTENANCE_KEY } from '../maintenance.constants';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';

/** Options of `@BypassMaintenance()`. @publicApi */
export interface BypassMaintenanceOptions {
  /** The modes the route is exempt from. Default: every mode. */
  modes?: MaintenanceMode[];
}

/**
 * Exempts a handler or a whole controller from maintenance. A handler's decorator overrides its
 * controller's.
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
  SetMetadata(BYPASS_MAINTENANCE_KEY, Object.freeze({ modes: options.modes ? [...options.modes] : null }));

/** Metadata stored by `@BypassMaintenance()`; `modes: null` means every mode. */
export interface BypassMaintenanceMetadata {
  modes: MaintenanceMode[] | null;
}
