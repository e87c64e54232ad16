import { ServerResponse } from 'node:http';
import { Inject, Injectable, Type } from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost, Reflector } from '@nestjs/core';
import { decideMaintenance, httpRouteFacts, readsOnly } from './maintenance-decision';
import { BypassMaintenanceMetadata } from './bypass-maintenance.decorator';
import { MaintenanceRefusals } from './refusal/maintenance-refusals';
import { AdapterRequest } from '../interfaces/adapter-request.type';
import { MAINTENANCE_RESOLVED_OPTIONS, MAINTENANCE_ROUTE_MARK } from '../maintenance.internal-constants';
import { optionError } from '../maintenance.messages';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { MaintenanceRouteMark, MarkedController, markMaintenanceRoutes } from './maintenance-route-marks';
import { permitRequestWrites } from '../persistence/write-permit';
import { viewFor } from './scoped-view';

/** Metadata key @nestjs/graphql's `@Resolver()` writes on a resolver class (not imported: it is an optional peer). */
const GRAPHQL_RESOLVER_TYPE_METADATA = 'graphql:resolver_type';

/** The parts of Fastify's reply the hook uses. */
interface FastifyReplyLike {
  readonly sent: boolean;
  readonly raw: ServerResponse;
  header(name: string, value: string): unknown;
}

/** A Fastify `onRequest` hook in callback style (the cheapest: no promise per request). */
type OnRequestHook = (request: AdapterRequest, reply: FastifyReplyLike, done: (error?: unknown) => void) => void;

/** The route options Fastify hands its `onRoute` hooks, as far as the module reads and changes them. */
interface FastifyRouteOptionsLike {
  config?: { [MAINTENANCE_ROUTE_MARK]?: MaintenanceRouteMark };
  onRequest?: OnRequestHook | OnRequestHook[];
}

/**
 * `guard: 'fastify-hook'`: maintenance enforced by an `onRequest` hook on each Nest route instead of a global
 * guard. Nest runs any global guard through an execution context and two awaited promises per request, which
 * costs a Fastify app measurably more than a route hook does, and a refusal by a guard must throw through Nest's
 * async pipeline (figures in BENCHMARKS.md).
 *
 * It decides as the guard does (both call `decideMaintenance`) and answers as the exception filter does. Route-level hooks
 * run after the app's own `onRequest` hooks, so after Nest middleware (which Fastify runs in one), and before
 * body parsing, pipes and every guard. Routes that are not Nest's (a plain Fastify route, a GraphQL driver's
 * endpoint) get no hook, as guards never see them.
 */
@Injectable()
export class MaintenanceFastifyHook {
  private readonly refusals: MaintenanceRefusals;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly state: MaintenanceStateService,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {
    this.refusals = new MaintenanceRefusals(() => adapterHost.httpAdapter, options);
  }

  /** Marks the routes and adds the `onRoute` hook. Call before Nest registers routes (the module does it from `configure`). */
  install(): void {
    const adapter = this.adapterHost.httpAdapter;
    const type = adapter?.getType();
    if (type !== 'fastify') {
      throw optionError('guard', `"fastify-hook" needs the Fastify adapter, and this app runs on ${type ?? 'no HTTP adapter'}: use "global".`);
    }
    this.refuseGraphql();
    const controllers: MarkedController[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      if (typeof wrapper.metatype === 'function') controllers.push({ metatype: wrapper.metatype as Type, instance: wrapper.instance ?? undefined });
    }
    markMaintenanceRoutes(controllers, this.reflector);
    adapter.getInstance().addHook('onRoute', (route: FastifyRouteOptionsLike) => {
      const mark = route.config?.[MAINTENANCE_ROUTE_MARK];
      if (mark === undefined) return;
      const hook = this.hookFor(mark.bypass, mark.scopes ?? []);
      route.onRequest = route.onRequest === undefined ? hook : [...[route.onRequest].flat(), hook];
    });
  }

  /**
   * GraphQL operations all arrive on one endpoint that is not a Nest route, so the hook cannot judge them: in
   * read-only mode mutations would write. Better to fail at start-up than to find out during maintenance.
   */
  private refuseGraphql(): void {
    const resolver = this.discovery
      .getProviders()
      .find((wrapper) => typeof wrapper.metatype === 'function' && Reflect.hasMetadata(GRAPHQL_RESOLVER_TYPE_METADATA, wrapper.metatype));
    if (resolver) {
      throw optionError('guard', `"fastify-hook" does not judge GraphQL operations, and this app has resolvers (${resolver.name}): use "global".`);
    }
  }

  /** The hook of one route, with its `@BypassMaintenance()` resolved once. */
  private hookFor(bypass: BypassMaintenanceMetadata | null, scopes: readonly string[]): OnRequestHook {
    const { state, options } = this;
    const route = httpRouteFacts(bypass, scopes);
    // With `readOnly.guardDatabase`, a request a bypass let through may also write at the database: its write scope
    // begins in a `preHandler` hook (see DatabaseWriteGuardService), after this one.
    const bypassed = (request: AdapterRequest, done: () => void): void => {
      if (options.guardDatabase) permitRequestWrites(request.raw);
      done();
    };
    // Writes admitted while no mode is in force are counted for the fleet's drain (unless `fleet: false`), except on
    // routes exempt from every mode (the admin API among them), which go on during maintenance anyway.
    const writes = options.fleet === null || (bypass !== null && bypass.modes === null) ? null : state.writes;
    return (request, reply, done) => {
      const whole = state.snapshot;
      // The path of every request while nothing is active or announced: a property read, and for writes a count.
      if (whole.quiet) {
        if (writes !== null) writes.admit(request.method, reply.raw);
        return done();
      }
      // What applies to this route: the whole app's state, or that of a scope it is in.
      const snapshot = viewFor(whole, route, request);
      const headers = snapshot.headers;
      for (let i = 0; i < headers.length; i++) reply.header(headers[i][0], headers[i][1]);
      const mode = snapshot.mode;
      if (mode === 'off') {
        if (writes !== null) writes.admit(request.method, reply.raw);
        return done();
      }
      const verdict = decideMaintenance(snapshot, route, request, readsOnly(options, request), options);
      if (verdict === 'pass') return done();
      if (verdict === 'bypass') return bypassed(request, done);
      // Refused requests are answered here (no `done` after a reply: Fastify's rule), as the exception filter would.
      if (verdict === 'refuse') return this.refusals.refuse(snapshot, mode, request, reply);
      verdict.then((settled) => {
        if (settled === 'pass') return done();
        if (settled === 'bypass') return bypassed(request, done);
        // A throwing renderPage must end the request as a 500, once: `done(error)` only if nothing was sent.
        try {
          this.refusals.refuse(snapshot, mode, request, reply);
        } catch (error) {
          if (!reply.sent) done(error);
        }
      }, done);
    };
  }
}
