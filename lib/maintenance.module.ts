import { DynamicModule, Inject, Logger, Module, NestModule, OnModuleInit } from '@nestjs/common';
import { APP_FILTER, DiscoveryModule } from '@nestjs/core';
import { MaintenanceFilterPlacement } from './enforcement/refusal/maintenance-filter-placement';
import { MaintenanceCatchAllService } from './enforcement/maintenance-catch-all.service';
import { MaintenanceExceptionFilter } from './enforcement/refusal/maintenance-exception.filter';
import { MaintenanceAdminGuard } from './admin/maintenance-admin.guard';
import { MaintenanceAdminInputGuard } from './admin/maintenance-admin-input.guard';
import { MaintenanceHealthIndicator } from './health/maintenance.health-indicator';
import { MaintenanceGuard } from './enforcement/maintenance.guard';
import { MaintenanceScopeRegistry } from './enforcement/maintenance-scope.registry';
import { MaintenanceCalendarAccessGuard } from './admin/maintenance-calendar.controller';
import { MaintenanceFastifyHook } from './enforcement/maintenance-fastify-hook';
import { DatabaseWriteGuardService } from './enforcement/database-write-guard.service';
import { MaintenanceModuleExtras, MaintenanceModuleOptions } from './interfaces/maintenance-module-options.interface';
import {
  ConfigurableMaintenanceModule,
  MAINTENANCE_ASYNC_OPTIONS_TYPE,
  MAINTENANCE_MODULE_OPTIONS,
  MAINTENANCE_OPTIONS_TYPE,
} from './maintenance.module-definition';
import { MAINTENANCE_GUARD_PLACEMENT, MAINTENANCE_RESOLVED_OPTIONS } from './maintenance.internal-constants';
import { MESSAGES } from './maintenance.messages';
import { resolveMaintenanceOptions, ResolvedMaintenanceOptions } from './options/maintenance-options.resolver';
import { MaintenanceAuditService } from './audit/maintenance-audit.service';
import { MaintenanceEventsService } from './windows/maintenance-events.service';
import { MaintenanceStateService } from './state/maintenance-state.service';
import { MaintenanceRepository } from './persistence/maintenance.repository';
import { TypeOrmMaintenanceRepository } from './persistence/typeorm/typeorm-maintenance.repository';
import { MaintenanceCommands } from './windows/maintenance-commands.service';
import { MaintenanceQueries } from './windows/maintenance-queries.service';
import { WindowTransitionsService } from './windows/window-transitions.service';
import { MaintenanceSyncService } from './sync/maintenance-sync.service';
import { MaintenanceService } from './windows/maintenance.service';
import { MaintenancePauseService } from './jobs/maintenance-pause.service';
import { ScheduledHandlersPauser } from './jobs/scheduled-handlers.pauser';
import { BullmqWorkersPauser } from './jobs/bullmq-workers.pauser';
import { MaintenanceFleetService } from './fleet/maintenance-fleet.service';
import { MaintenanceStreamService } from './stream/maintenance-stream.service';
import { MaintenanceWebhookStore } from './persistence/maintenance-webhook.store';
import { TypeOrmWebhookStore } from './persistence/typeorm/typeorm-webhook.store';
import { WebhookDispatcherService } from './webhooks/webhook-dispatcher.service';
import { MaintenanceMetricsService } from './monitoring/maintenance-metrics.service';
import { MaintenanceConsoleAccessGuard } from './console/maintenance-console.controller';

/**
 * Maintenance mode for a Nest app. Registers a global guard (or, with `guard: 'fastify-hook'`, a Fastify
 * hook on each route) and exception filter, the entities on the app's TypeORM connection, and the status
 * and admin routes.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     TypeOrmModule.forRoot({ type: 'better-sqlite3', database: 'app.sqlite', autoLoadEntities: true, synchronize: true }),
 *     MaintenanceModule.forRoot({
 *       bypass: { paths: ['/health'], ips: ['10.0.0.0/8'] },
 *       admin: { authorize: (req, action) => isAdmin(req), actor: (req) => userName(req) },
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 * @publicApi
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: MAINTENANCE_RESOLVED_OPTIONS,
      useFactory: (options: MaintenanceModuleOptions) => resolveMaintenanceOptions(options),
      inject: [MAINTENANCE_MODULE_OPTIONS],
    },
    TypeOrmMaintenanceRepository,
    { provide: MaintenanceRepository, useExisting: TypeOrmMaintenanceRepository },
    MaintenanceAuditService,
    MaintenanceEventsService,
    MaintenanceStateService,
    WindowTransitionsService,
    MaintenanceSyncService,
    MaintenancePauseService,
    ScheduledHandlersPauser,
    BullmqWorkersPauser,
    MaintenanceFleetService,
    MaintenanceStreamService,
    TypeOrmWebhookStore,
    { provide: MaintenanceWebhookStore, useExisting: TypeOrmWebhookStore },
    WebhookDispatcherService,
    MaintenanceMetricsService,
    MaintenanceCommands,
    MaintenanceQueries,
    MaintenanceService,
    MaintenanceGuard,
    MaintenanceAdminGuard,
    MaintenanceAdminInputGuard,
    MaintenanceCalendarAccessGuard,
    MaintenanceConsoleAccessGuard,
    MaintenanceExceptionFilter,
    MaintenanceFilterPlacement,
    MaintenanceHealthIndicator,
    MaintenanceCatchAllService,
    MaintenanceFastifyHook,
    MaintenanceScopeRegistry,
    DatabaseWriteGuardService,
    { provide: APP_FILTER, useExisting: MaintenanceExceptionFilter },
  ],
  exports: [MaintenanceService, MaintenanceGuard, MaintenanceHealthIndicator, MAINTENANCE_RESOLVED_OPTIONS, MaintenanceStateService],
})
export class MaintenanceModule extends ConfigurableMaintenanceModule implements NestModule, OnModuleInit {
  private readonly logger = new Logger('MaintenanceModule');

  /**
   * Registers the module; every option is optional, so `forRoot()` works. The options are checked here,
   * at once: a bad option fails before the app starts connecting to anything.
   */
  static override forRoot(options: typeof MAINTENANCE_OPTIONS_TYPE = {}): DynamicModule {
    resolveMaintenanceOptions(options);
    return super.forRoot(options);
  }

  /** Registers the module with options from a factory, class or existing provider; extras stay synchronous. */
  static override forRootAsync(options: typeof MAINTENANCE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return super.forRootAsync(options);
  }

  constructor(
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
    private readonly filterPlacement: MaintenanceFilterPlacement,
    private readonly fastifyHook: MaintenanceFastifyHook,
    private readonly databaseWriteGuard: DatabaseWriteGuardService,
    @Inject(MAINTENANCE_GUARD_PLACEMENT) private readonly guardPlacement: NonNullable<MaintenanceModuleExtras['guard']>,
  ) {
    super();
  }

  /**
   * Runs before Nest builds the router: the moment to put the module's filter ahead of the app's, and with
   * `guard: 'fastify-hook'` to mark the routes and hook into their registration; with `readOnly.guardDatabase`, to
   * give each request its write scope.
   */
  configure(): void {
    this.filterPlacement.attach();
    if (this.guardPlacement === 'fastify-hook') this.fastifyHook.install();
    this.databaseWriteGuard.attach();
  }

  onModuleInit(): void {
    if (!this.options.admin.authorize) this.logger.warn(MESSAGES.adminClosedWarning);
  }
}
