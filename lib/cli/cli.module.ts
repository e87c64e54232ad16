import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MaintenanceModuleOptions } from '../interfaces/maintenance-module-options.interface';
import { MaintenanceModule } from '../maintenance.module';

/**
 * The whole Nest app of the CLI: the module on the connection the CLI opened, and nothing of the host
 * app. No HTTP server, no routes; the admin and status controllers are not even mounted.
 */
@Module({})
export class MaintenanceCliModule {
  /** The module for an initialised `dataSource` (the CLI connects before Nest starts). */
  static register(dataSource: DataSource, options: MaintenanceModuleOptions): DynamicModule {
    return {
      module: MaintenanceCliModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSource.options }),
          // Already initialised: TypeOrmModule uses it as it is, with no second connection and no retries.
          dataSourceFactory: () => Promise.resolve(dataSource),
        }),
        MaintenanceModule.forRoot({ ...options, mountAdminController: false, mountStatusRoute: false }),
      ],
    };
  }
}
