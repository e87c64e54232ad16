import { DynamicModule, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { MaintenanceGuard } from './enforcement/maintenance.guard';
import { MaintenanceAdminController } from './admin/maintenance-admin.controller';
import { MaintenanceBypassLinkController } from './admin/maintenance-bypass-link.controller';
import { MaintenanceStatusController } from './admin/maintenance-status.controller';
import { MaintenanceCalendarController } from './admin/maintenance-calendar.controller';
import { MaintenanceStreamController } from './admin/maintenance-stream.controller';
import { mountController } from './admin/mount-controller';
import { MaintenanceConsoleController } from './console/maintenance-console.controller';
import { MAINTENANCE_ENTITIES } from './persistence/entities';
import { MaintenanceModuleExtras } from './interfaces/maintenance-module-options.interface';
import { MAINTENANCE_DEFAULTS } from './maintenance.constants';
import { MAINTENANCE_DATA_SOURCE, MAINTENANCE_GUARD_PLACEMENT, MAINTENANCE_STREAM_PATH } from './maintenance.internal-constants';
import { optionError } from './maintenance.messages';

/** Adds what the extras decide: the entities on the chosen DataSource, the controllers and their path. */
export function buildMaintenanceModule(definition: DynamicModule, extras: MaintenanceModuleExtras): DynamicModule {
  const path = normalisePath(extras.adminPath ?? MAINTENANCE_DEFAULTS.adminPath);
  const controllers = [];
  if (extras.mountStatusRoute !== false) {
    controllers.push(
      mountController(MaintenanceStatusController, path),
      mountController(MaintenanceBypassLinkController, path),
      mountController(MaintenanceCalendarController, path),
      mountController(MaintenanceStreamController, path),
    );
  }
  if (extras.mountAdminController !== false) {
    controllers.push(mountController(MaintenanceAdminController, path), mountController(MaintenanceConsoleController, path));
  }
  const dataSourceAlias: Provider = { provide: MAINTENANCE_DATA_SOURCE, useExisting: getDataSourceToken(extras.dataSource) };
  const placement = extras.guard ?? 'global';
  if (placement !== 'global' && placement !== 'manual' && placement !== 'fastify-hook') {
    throw optionError('guard', `must be "global", "manual" or "fastify-hook", got ${String(placement)}`);
  }
  // 'manual': the app places the guard itself, e.g. after its own authentication guard. 'fastify-hook':
  // no Nest guard at all, the module's Fastify hook enforces (installed by the module's `configure`).
  const globalGuard: Provider[] = placement === 'global' ? [{ provide: APP_GUARD, useExisting: MaintenanceGuard }] : [];
  const placementValue: Provider = { provide: MAINTENANCE_GUARD_PLACEMENT, useValue: placement };
  const streamPath: Provider = { provide: MAINTENANCE_STREAM_PATH, useValue: extras.mountStatusRoute !== false ? `/${path}/stream` : null };
  return {
    ...definition,
    global: extras.isGlobal !== false,
    imports: [...(definition.imports ?? []), TypeOrmModule.forFeature(MAINTENANCE_ENTITIES, extras.dataSource)],
    controllers: [...(definition.controllers ?? []), ...controllers],
    providers: [...(definition.providers ?? []), dataSourceAlias, placementValue, streamPath, ...globalGuard],
  };
}

function normalisePath(path: string): string {
  if (typeof path !== 'string' || !/^\/?[A-Za-z0-9._~\-/:]+$/.test(path)) {
    throw optionError('adminPath', `"${String(path)}" is not a URL path`);
  }
  return path.replace(/^\/+|\/+$/g, '');
}
