import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { MaintenanceExceptionFilter } from '../enforcement/refusal/maintenance-exception.filter';
import { MaintenanceGuard } from '../enforcement/maintenance.guard';
import { MaintenanceHealthIndicator } from '../health/maintenance.health-indicator';
import { MaintenanceModuleOptions } from '../interfaces/maintenance-module-options.interface';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { resolveMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { MaintenanceService } from '../windows/maintenance.service';
import { MaintenanceTestingService } from './maintenance-testing.service';

/**
 * For the tests of apps that use the module: the same guard and filter with the same
 * options, on an in-memory state, with no database. Import it instead of `MaintenanceModule` (or override
 * the module in `Test.createTestingModule`) and switch modes in a line.
 *
 * @example
 * ```ts
 * const moduleRef = await Test.createTestingModule({
 *   imports: [AppRoutesModule, MaintenanceTestingModule.forRoot({ bypass: { paths: ['/health'] } })],
 * }).compile();
 * const app = await moduleRef.createNestApplication().init();
 * app.get(MaintenanceTestingService).set('full');
 * await request(app.getHttpServer()).get('/orders').expect(503);
 * ```
 * @publicApi
 */
@Module({})
export class MaintenanceTestingModule {
  static forRoot(options: MaintenanceModuleOptions = {}): DynamicModule {
    return {
      module: MaintenanceTestingModule,
      global: true,
      providers: [
        { provide: MAINTENANCE_RESOLVED_OPTIONS, useValue: resolveMaintenanceOptions(options) },
        MaintenanceTestingService,
        { provide: MaintenanceStateService, useExisting: MaintenanceTestingService },
        { provide: MaintenanceService, useExisting: MaintenanceTestingService },
        MaintenanceGuard,
        MaintenanceExceptionFilter,
        MaintenanceHealthIndicator,
        { provide: APP_GUARD, useExisting: MaintenanceGuard },
        { provide: APP_FILTER, useExisting: MaintenanceExceptionFilter },
      ],
      exports: [MaintenanceTestingService, MaintenanceService, MaintenanceGuard, MaintenanceHealthIndicator],
    };
  }
}
