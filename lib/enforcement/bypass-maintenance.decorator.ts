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
    bypassExtension(options.modes ? [...options.modes] : [...MAINTENANCE_MODES]),
  );

/**
 * Writes `x-maintenance-bypass` on the operation of each handler. On a class it writes each method itself:
 * @nestjs/swagger before 11 kept a class-level extension on the class, where its explorer never looked. A
 * handler's own decorator ran first and keeps its value (the extension's merge keeps what is already there).
 */
function bypassExtension(modes: MaintenanceMode[]): ClassDecorator & MethodDecorator {
  const onMethod = ApiExtension(MAINTENANCE_BYPASS_EXTENSION, modes);
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) return onMethod(target, key, descriptor);
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, name);
      if (name !== 'constructor' && typeof method?.value === 'function') onMethod(prototype, name, method);
    }
    return target;
  }) as ClassDecorator & MethodDecorator;
}

/** Metadata stored by `@BypassMaintenance()`; `modes: null` means every mode. */
export interface BypassMaintenanceMetadata {
  modes: MaintenanceMode[] | null;
}
