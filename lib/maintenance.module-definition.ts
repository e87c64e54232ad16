import { ConfigurableModuleBuilder } from '@nestjs/common';
import { MaintenanceModuleExtras, MaintenanceModuleOptions } from './interfaces/maintenance-module-options.interface';
import { MAINTENANCE_DEFAULTS } from './maintenance.constants';
import { buildMaintenanceModule } from './maintenance-module.builder';

/**
 * `forRoot` / `forRootAsync`, with extras that shape the module and so must be known synchronously even
 * when the options come from a factory.
 */
export const {
  ConfigurableModuleClass: ConfigurableMaintenanceModule,
  MODULE_OPTIONS_TOKEN: MAINTENANCE_MODULE_OPTIONS,
  OPTIONS_TYPE: MAINTENANCE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MAINTENANCE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MaintenanceModuleOptions>({ moduleName: 'Maintenance' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMaintenanceOptions')
  .setExtras<MaintenanceModuleExtras>(
    {
      isGlobal: true,
      adminPath: MAINTENANCE_DEFAULTS.adminPath,
      mountAdminController: true,
      mountStatusRoute: true,
      dataSource: undefined,
      guard: 'global',
    },
    buildMaintenanceModule,
  )
  .build();
