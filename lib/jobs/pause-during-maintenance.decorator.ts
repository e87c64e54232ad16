import { SetMetadata } from '@nestjs/common';
import { MAINTENANCE_MODES, MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { PAUSE_DURING_MAINTENANCE_KEY } from '../maintenance.constants';

/** Options of `@PauseDuringMaintenance()`. @publicApi */
export interface PauseDuringMaintenanceOptions {
  /** The modes in which the handler's runs are skipped. Default both. */
  modes?: MaintenanceMode[];
}

/** What `@PauseDuringMaintenance()` stores. */
export interface PauseDuringMaintenanceMetadata {
  readonly modes: readonly MaintenanceMode[];
}

/**
 * Skips the runs of a `@Cron`, `@Interval` or `@Timeout` handler (`@nestjs/schedule`) while one of the modes is in
 * force, on every instance. A skipped run is counted and logged once per pause; a run already going when the mode
 * starts is waited for by the fleet's drain. On a class it applies to every scheduled handler of the class; a
 * handler's own decorator overrides its class's.
 *
 * @example
 * ```ts
 * @PauseDuringMaintenance()                        // no charges during any maintenance
 * @Cron('* * * * *') chargeSubscriptions() {}
 *
 * @PauseDuringMaintenance({ modes: ['full'] })     // reports only read: they pause in full mode only
 * @Interval(60_000) refreshReports() {}
 * ```
 * @publicApi
 */
export const PauseDuringMaintenance = (options: PauseDuringMaintenanceOptions = {}) =>
  SetMetadata<string, PauseDuringMaintenanceMetadata>(PAUSE_DURING_MAINTENANCE_KEY, Object.freeze({ modes: [...(options.modes ?? MAINTENANCE_MODES)] }));
