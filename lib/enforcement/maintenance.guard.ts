import { ServerResponse } from 'node:http';
import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { BypassMaintenanceMetadata } from './bypass-maintenance.decorator';
import { MaintenanceException } from './refusal/maintenance.exception';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { AdapterRequest } from '../interfaces/adapter-request.type';
import { BYPASS_MAINTENANCE_KEY } from '../maintenance.constants';
import { routeScopes } from './maintenance-scope.decorator';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceSnapshot } from '../state/maintenance-snapshot';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { InFlightWrites } from '../state/in-flight-writes';
import { decideMaintenance, graphqlRouteFacts, httpRouteFacts, MaintenanceRouteFacts, readsOnly } from './maintenance-decision';
import { MaintenanceRefusals } from './refusal/maintenance-refusals';
import { viewFor } from './scoped-view';
import { permitRequestWrites } from '../persistence/write-permit';
import {
  GRAPHQL_CONTEXT_TYPE,
  GRAPHQL_NO_RESPONSE_WARNING,
  graphqlMaintenanceError,
  graphqlOperationBlocked,
  graphqlOperationType,
  graphqlRequest,
  setGraphqlHeaders,
} from './graphql-maintenance';

const logger = new Logger('MaintenanceModule');

/** Route facts per controller class, then handler. */
type RouteFactsCache = WeakMap<object, WeakMap<object, MaintenanceRouteFacts>>;

/**
 * The global guard. When no mode is active it returns `true` at once: no I/O, no allocation. Otherwise it
 * marks the response and asks `decideMaintenance` (safe methods in read-only mode, the decorator, paths, IPs,
 * the secret header, the bypass cookie, the `when` predicate, in that order: cheapest first), letting the
 * request through or refusing it. GraphQL resolvers are
 * judged by their operation (see `canActivateGraphql`); WebSocket gateways and microservice handlers pass.
 *
 * Subclass it and override the protected hooks to customise; register your subclass with
 * `{ provide: MaintenanceGuard, useClass: MyGuard }`.
 * @publicApi
 */
@Injectable()
export class MaintenanceGuard implements CanActivate {
  private readonly httpRoutes: RouteFactsCache = new WeakMap();
  private readonly graphqlRoutes: RouteFactsCache = new WeakMap();
  /** `getClientIp`, bound once: subclasses may override it. */
  private readonly clientIpOf = (request: AdapterRequest): string | undefined => this.getClientIp(request);
  private readonly refusals: MaintenanceRefusals;
  // An ES private field: subclasses (a documented way to customise) may declare any names of their own.
  #warnedOfMissingGraphqlResponse = false;
  /** Writes admitted while no mode is in force are counted for the fleet's drain (unless `fleet: false`). */
  readonly #countWrites: boolean;

  constructor(
    protected readonly state: MaintenanceStateService,
    protected readonly reflector: Reflector,
    protected readonly adapterHost: HttpAdapterHost,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) protected readonly options: ResolvedMaintenanceOptions,
  ) {
    this.refusals = new MaintenanceRefusals(() => adapterHost.httpAdapter, options);
    this.#countWrites = options.fleet !== null;
  }

  /**
   * Counts an HTTP request with an unsafe method until its response closes: a switch drains it (see `InFlightWrites`).
   * Not a route exempt from every mode (the admin API among them): it goes on during maintenance anyway, and a toggle
   * that waits for the fleet would otherwise wait for itself.
   */
  private admitWrite(context: ExecutionContext): void {
    const method = context.getArgByIndex<AdapterRequest>(0).method;
    if (!InFlightWrites.counts(method)) return;
    const bypass = this.routeFacts(context, this.httpRoutes, httpRouteFacts).bypass;
    if (bypass !== null && bypass.modes === null) return;
    const response = context.getArgByIndex<{ raw?: ServerResponse } & ServerResponse>(1);
    this.state.writes.admit(method, response.raw ?? response);
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const snapshot = this.state.snapshot;
    // The path of every request while nothing is active or announced: a property read, and for writes a count.
    if (snapshot.quiet) {
      if (this.#countWrites && context.getType() === 'http') this.admitWrite(context);
      return true;
    }
    const type = context.getType<string>();
    if (type === 'http') return this.canActivateHttp(context, snapshot);
    if (type === GRAPHQL_CONTEXT_TYPE) {
      const view =
        snapshot.scopes === null ? snapshot : viewFor(snapshot, this.routeFacts(context, this.graphqlRoutes, graphqlRouteFacts), graphqlRequest(context));
      if (!setGraphqlHeaders(this.adapterHost.httpAdapter, context, view.headers)) this.#warnOfMissingGraphqlResponse(context);
      return view.mode === 'off' ? true : this.canActivateGraphql(context, view, view.mode);
    }
    // WebSocket gateways and microservice handlers pass through (see the README).
    return true;
  }

  /** Once per guard, and only for operations over HTTP: a subscription over WebSockets has no response to mark. */
  #warnOfMissingGraphqlResponse(context: ExecutionContext): void {
    if (this.#warnedOfMissingGraphqlResponse || graphqlRequest(context) === undefined) return;
    this.#warnedOfMissingGraphqlResponse = true;
    logger.warn(GRAPHQL_NO_RESPONSE_WARNING);
  }

  /**
   * An HTTP route. The response is marked first (`X-Maintenance-Mode`, `X-Maintenance-Scheduled`), so
   * allowed and refused answers alike carry the headers; that is done here rather than in a global
   * interceptor, which would cost every request of the app a large share of its throughput even with maintenance
   * off (figures in BENCHMARKS.md). The decision is `decideMaintenance`, shared with the Fastify hook
   * and the catch-all.
   */
  protected canActivateHttp(context: ExecutionContext, whole: MaintenanceSnapshot): boolean | Promise<boolean> {
    // getArgByIndex, not switchToHttp(): the latter builds a new object with three closures per call.
    const response = context.getArgByIndex(1);
    const request = context.getArgByIndex(0);
    const route = this.routeFacts(context, this.httpRoutes, httpRouteFacts);
    // What applies to this route: the whole app's state, or that of a scope it is in.
    const snapshot = viewFor(whole, route, request);
    const adapter = this.adapterHost.httpAdapter;
    const headers = snapshot.headers;
    for (let i = 0; i < headers.length; i++) adapter.setHeader(response, headers[i][0], headers[i][1]);
    const mode = snapshot.mode;
    if (mode === 'off') {
      if (this.#countWrites) this.admitWrite(context);
      return true;
    }
    const verdict = decideMaintenance(snapshot, route, request, readsOnly(this.options, request), this.options, context, this.clientIpOf);
    if (verdict === 'pass') return true;
    if (verdict === 'bypass') return this.#bypassed(request);
    if (verdict === 'refuse') return this.block(snapshot, mode, response);
    return verdict.then((settled) => (settled === 'refuse' ? this.block(snapshot, mode, response) : settled === 'pass' || this.#bypassed(request)));
  }

  /**
   * A GraphQL resolver. Queries and mutations are both POSTs, so the operation decides, not the method:
   * full mode refuses every operation, read-only mode refuses mutations. `@BypassMaintenance()` applies,
   * and so do the IP, secret header and `when` bypasses, on the request in the GraphQL context (`ctx.req`);
   * path bypasses do not (the path is the GraphQL endpoint). Without a request (subscriptions over
   * WebSockets) only the decorator can let an operation through. Override it to return `true` to leave
   * GraphQL alone.
   */
  protected canActivateGraphql(context: ExecutionContext, snapshot: MaintenanceSnapshot, mode: MaintenanceMode): boolean | Promise<boolean> {
    const reads = !graphqlOperationBlocked('read-only', graphqlOperationType(context));
    const route = this.routeFacts(context, this.graphqlRoutes, graphqlRouteFacts);
    const request = graphqlRequest(context);
    const verdict = decideMaintenance(snapshot, route, request, reads, this.options, context, this.clientIpOf);
    if (verdict === 'pass') return true;
    if (verdict === 'bypass') return this.#bypassed(request);
    if (verdict === 'refuse') return this.blockGraphql(snapshot, mode, context);
    return verdict.then((settled) => (settled === 'refuse' ? this.blockGraphql(snapshot, mode, context) : settled === 'pass' || this.#bypassed(request)));
  }

  /**
   * Lets through a request that a bypass let through. With `readOnly.guardDatabase` it may also write at the
   * database, for the rest of its handling; a request let through only because it reads may not.
   */
  #bypassed(request: AdapterRequest | undefined): true {
    if (this.options.guardDatabase && request !== undefined) permitRequestWrites(request.raw ?? request);
    return true;
  }

  /**
   * The facts of the route being run, with its `@BypassMaintenance()` (the handler's over its class's). A
   * handler's metadata never changes, so they are worked out once per handler.
   */
  private routeFacts(
    context: ExecutionContext,
    cache: RouteFactsCache,
    make: (bypass: BypassMaintenanceMetadata | null, scopes: readonly string[]) => MaintenanceRouteFacts,
  ): MaintenanceRouteFacts {
    // Keyed by class, then handler: subclasses of one controller share handlers but not class metadata.
    const controller = context.getClass();
    const handler = context.getHandler();
    let handlers = cache.get(controller);
    if (!handlers) cache.set(controller, (handlers = new WeakMap()));
    let facts = handlers.get(handler);
    if (facts === undefined) {
      facts = make(
        this.reflector.getAllAndOverride<BypassMaintenanceMetadata | undefined>(BYPASS_MAINTENANCE_KEY, [handler, controller]) ?? null,
        routeScopes(this.reflector, handler, controller),
      );
      handlers.set(handler, facts);
    }
    return facts;
  }

  /** The client address used for the IP allowlist (socket, or `X-Forwarded-For` per `trustProxy`). */
  protected getClientIp(request: AdapterRequest): string | undefined {
    return this.options.clientIp(request);
  }

  /** Sets `Retry-After` (the mode header is already set) and throws the maintenance error. */
  protected block(snapshot: MaintenanceSnapshot, mode: MaintenanceMode, response: unknown): never {
    const exception = this.createException(snapshot, mode);
    if (exception.retryAfterSeconds !== null) {
      this.adapterHost.httpAdapter.setHeader(response, 'Retry-After', String(exception.retryAfterSeconds));
    }
    throw exception;
  }

  /**
   * Refuses a GraphQL operation with a `GraphQLError` whose `extensions` carry the mode data (see
   * `MaintenanceGraphqlErrorExtensions`). The headers are set too when the HTTP response is at hand.
   */
  protected blockGraphql(snapshot: MaintenanceSnapshot, mode: MaintenanceMode, context: ExecutionContext): never {
    const { body, retryAfterSeconds } = this.createException(snapshot, mode);
    if (retryAfterSeconds !== null) setGraphqlHeaders(this.adapterHost.httpAdapter, context, [['Retry-After', String(retryAfterSeconds)]]);
    throw graphqlMaintenanceError(body, retryAfterSeconds);
  }

  /** The error for a refused request: 503 with `Retry-After` seconds in full mode, the read-only status otherwise. */
  protected createException(snapshot: MaintenanceSnapshot, mode: MaintenanceMode): MaintenanceException {
    return this.refusals.exceptionFor(snapshot, mode);
  }
}
