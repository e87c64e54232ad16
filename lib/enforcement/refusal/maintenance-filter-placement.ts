import { Injectable } from '@nestjs/common';
import { EXCEPTION_FILTERS_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import { MaintenanceExceptionFilter } from './maintenance-exception.filter';

/**
 * Makes the module's answers survive a host's catch-all exception filter. Nest asks method filters,
 * then class filters, then global ones, and among global ones the app's own (`APP_FILTER` in the root
 * module, `useGlobalFilters`) come before ours, so a `@Catch()` of the app would reshape every 503.
 * Before the router is built, the module's filter is added to each controller's class-level filters,
 * exactly as `@UseFilters()` would, so it is asked before any global filter; it handles only
 * `MaintenanceException`, so every other error still reaches the app's filters.
 */
@Injectable()
export class MaintenanceFilterPlacement {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly filter: MaintenanceExceptionFilter,
  ) {}

  /** Call before routes are registered (the module does it from `configure`). */
  attach(): void {
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype;
      if (!controller || typeof controller !== 'function') continue;
      const existing: unknown[] = Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, controller) ?? [];
      // A class reused by several apps in one process (tests) keeps one of our filters: this app's.
      const others = existing.filter((filter) => !(filter instanceof MaintenanceExceptionFilter));
      Reflect.defineMetadata(EXCEPTION_FILTERS_METADATA, [...others, this.filter], controller);
    }
  }
}
