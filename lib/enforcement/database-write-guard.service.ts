import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AdapterRequest } from '../interfaces/adapter-request.type';
import { MAINTENANCE_DATA_SOURCE, MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { DatabaseWriteGuard, installDatabaseWriteGuard } from '../persistence/typeorm/database-write-guard';
import { runInRequestScope } from '../persistence/write-permit';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { maintenanceExceptionFor } from './refusal/maintenance-exception.factory';
import { MaintenanceWriteRefusedException } from './refusal/maintenance-write-refused.exception';
import { replyMaintenance } from './refusal/maintenance-response';

/** The module's DataSource, typed without naming TypeORM outside persistence/. */
type GuardedDataSource = Parameters<typeof installDatabaseWriteGuard>[0];

/** Express-style middleware. */
type Middleware = (request: AdapterRequest, response: unknown, next: () => void) => void;
/** A Fastify hook in callback style. */
type FastifyHook = (request: { raw: object }, reply: unknown, done: () => void) => void;

/**
 * `readOnly.guardDatabase`: refuses writes at the module's DataSource while a mode is in force (see
 * `installDatabaseWriteGuard`), with a `MaintenanceWriteRefusedException` that answers an HTTP request as a refused
 * write request is answered.
 *
 * Bypassed requests may write: each HTTP request runs in a write scope of its own (an Express middleware, a Fastify
 * `preHandler` hook, both added only with this option and doing nothing while no mode is in force), which the guard
 * or the Fastify hook opens to writes when a bypass lets the request through. A request let through only because it
 * reads gets no permission.
 */
@Injectable()
export class DatabaseWriteGuardService implements OnModuleInit, OnApplicationShutdown {
  private guard: DatabaseWriteGuard | null = null;

  constructor(
    @Inject(MAINTENANCE_DATA_SOURCE) private readonly dataSource: GuardedDataSource,
    private readonly state: MaintenanceStateService,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  /** Built when a write is refused (rare): the answer of the mode in force, with a stack trace of its own. */
  private readonly refuse = (statement: string): MaintenanceWriteRefusedException => {
    const snapshot = this.state.snapshot;
    const mode = snapshot.mode === 'off' ? 'read-only' : snapshot.mode;
    const { body, retryAfterSeconds } = maintenanceExceptionFor(snapshot, mode, this.options);
    const exception = new MaintenanceWriteRefusedException(body, retryAfterSeconds, statement);
    exception.respond = (request, response) => {
      const adapter = this.adapterHost.httpAdapter;
      if (retryAfterSeconds !== null) adapter.setHeader(response, 'Retry-After', String(retryAfterSeconds));
      replyMaintenance(adapter, this.options, request as AdapterRequest, response, exception);
    };
    return exception;
  };

  /**
   * Gives each HTTP request its write scope. Call before Nest registers routes (the module does it from
   * `configure`): the Fastify hook must be there before them, and the Express middleware after the body parsers.
   */
  attach(): void {
    if (!this.options.guardDatabase) return;
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return;
    const state = this.state;
    if (adapter.getType() === 'fastify') {
      // After body parsing, right before Nest's handler (and so the guard), which Fastify calls within `done`.
      const hook: FastifyHook = (request, _reply, done) => (state.snapshot.mode === 'off' ? done() : runInRequestScope(request.raw, done));
      adapter.getInstance().addHook('preHandler', hook);
    } else {
      // After the body parsers, before Nest's middleware and routes, which Express calls within `next`.
      const middleware: Middleware = (request, _response, next) => (state.snapshot.mode === 'off' ? next() : runInRequestScope(request, next));
      adapter.use(middleware);
    }
  }

  onModuleInit(): void {
    if (!this.options.guardDatabase) return;
    const state = this.state;
    const refuse = this.refuse;
    this.guard = installDatabaseWriteGuard(this.dataSource, { refusal: () => (state.snapshot.mode === 'off' ? null : refuse) });
  }

  onApplicationShutdown(): void {
    this.guard?.uninstall();
    this.guard = null;
  }
}
