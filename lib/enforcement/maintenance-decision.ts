import { ExecutionContext } from '@nestjs/common';
import { AdapterRequest } from '../interfaces/adapter-request.type';
import { MaintenanceBypassKind } from '../metrics/maintenance-metrics';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceSnapshot } from '../state/maintenance-snapshot';
import { BypassMaintenanceMetadata } from './bypass-maintenance.decorator';
import { decoratorExempts } from './decorator-bypass';
import { requestBypassed } from './request-bypass';
import { requestPath } from './request-path';

/**
 * What maintenance does with a request: let it through (`'pass'`: nothing in force, or a read in read-only mode), let
 * it through because a bypass applies (`'bypass'`: it may also write at the database, see `readOnly.guardDatabase`),
 * or answer it with the refusal of the mode.
 */
export type MaintenanceVerdict = 'pass' | 'bypass' | 'refuse';

/**
 * What the decision needs to know of the route a request is for. Worked out once per route (the guard caches
 * it per handler, the Fastify hook builds it when the route registers), never per request.
 */
export interface MaintenanceRouteFacts {
  /** The route's effective `@BypassMaintenance()` (the handler's over its class's), or `null`. */
  readonly bypass: BypassMaintenanceMetadata | null;
  /** Whether `bypass.paths` can apply: HTTP routes and unmatched URLs, not GraphQL operations (all on one endpoint). */
  readonly pathBypass: boolean;
  /** Only full mode refuses it: URLs no route matches (`coverAllRoutes`), which read-only mode leaves to the 404. */
  readonly fullModeOnly: boolean;
  /** The route's `@MaintenanceScope()` names (the handler's and its class's). */
  readonly scopes: readonly string[];
}

const NO_SCOPES: readonly string[] = Object.freeze([]);

/** The facts of a URL no route matches. */
export const UNMATCHED_ROUTE: MaintenanceRouteFacts = Object.freeze({ bypass: null, pathBypass: true, fullModeOnly: true, scopes: NO_SCOPES });

/** The facts of an HTTP route with this `@BypassMaintenance()` and these scopes. */
export function httpRouteFacts(bypass: BypassMaintenanceMetadata | null, scopes: readonly string[] = NO_SCOPES): MaintenanceRouteFacts {
  return Object.freeze({ bypass, pathBypass: true, fullModeOnly: false, scopes });
}

/** The facts of a GraphQL resolver with this `@BypassMaintenance()` and these scopes. */
export function graphqlRouteFacts(bypass: BypassMaintenanceMetadata | null, scopes: readonly string[] = NO_SCOPES): MaintenanceRouteFacts {
  return Object.freeze({ bypass, pathBypass: false, fullModeOnly: false, scopes });
}

/** What the decision needs of the snapshot (or scope view) that applies to the request. */
export type MaintenanceDecisionView = Pick<MaintenanceSnapshot, 'mode' | 'exempts'>;

/** Whether an HTTP request only reads: its method is one of `readOnly.allowedMethods` (GET, HEAD, OPTIONS by default). */
export function readsOnly(options: ResolvedMaintenanceOptions, request: AdapterRequest): boolean {
  return options.readOnlyMethods.has(request.method);
}

/**
 * The one decision of the module, made for every request that meets maintenance: by the global guard (HTTP
 * routes and GraphQL resolvers), by the Fastify route hook, and by the catch-all for unmatched URLs. Those only
 * gather the facts and send the answer.
 *
 * The order is cheapest first: the mode; a read in read-only mode; the route's `@BypassMaintenance()`; the path;
 * the exemptions of the windows in force (address or path); then what the request carries (client address, secret
 * header, bypass cookie, the `when` predicate). It is
 * synchronous unless `when` returns a promise. Without a request (a GraphQL subscription over WebSockets) only
 * the decorator can let it through. A read in read-only mode passes at once, unless `readOnly.guardDatabase` is on:
 * then the bypasses are checked too, to tell a bypassed read (`'bypass'`, which may write) from a plain one.
 *
 * @param reads whether the request only reads (a safe method, a GraphQL query or subscription)
 * @param context the execution context `bypass.when` receives; `undefined` outside Nest's pipeline
 * @param clientIp how the client address is read (the guard's overridable `getClientIp`)
 */
export function decideMaintenance(
  view: MaintenanceDecisionView,
  route: MaintenanceRouteFacts,
  request: AdapterRequest | undefined,
  reads: boolean,
  options: ResolvedMaintenanceOptions,
  context?: ExecutionContext,
  clientIp: (request: AdapterRequest) => string | undefined = options.clientIp,
): MaintenanceVerdict | Promise<MaintenanceVerdict> {
  const mode = view.mode;
  if (mode === 'off') return 'pass';
  if (route.fullModeOnly && mode !== 'full') return 'pass';
  if (mode === 'read-only' && reads) return options.guardDatabase ? readerBypass(view, route, request, options, context, clientIp) : 'pass';
  if (decoratorExempts(route.bypass, mode)) return bypassedBy(options, 'route');
  if (request === undefined) return 'refuse';
  if (route.pathBypass && options.matchesPath(requestPath(request))) return bypassedBy(options, 'path');
  if (view.exempts !== null && view.exempts(clientIp(request), route.pathBypass ? requestPath(request) : '')) return bypassedBy(options, 'exemption');
  const bypassed = requestBypassed(options, request, context, clientIp);
  if (bypassed === true) return 'bypass';
  if (bypassed === false) return 'refuse';
  return bypassed.then(verdictOf);
}

/**
 * A read in read-only mode with `readOnly.guardDatabase`: it passes whatever happens, but whether a bypass applies
 * decides whether its handler may write (a bypassed GET that records something).
 */
function readerBypass(
  view: MaintenanceDecisionView,
  route: MaintenanceRouteFacts,
  request: AdapterRequest | undefined,
  options: ResolvedMaintenanceOptions,
  context: ExecutionContext | undefined,
  clientIp: (request: AdapterRequest) => string | undefined,
): MaintenanceVerdict | Promise<MaintenanceVerdict> {
  const verdict = decideMaintenance(view, route, request, false, options, context, clientIp);
  if (verdict === 'refuse') return 'pass';
  if (typeof verdict === 'string') return verdict;
  return verdict.then(readerVerdictOf);
}

/** A bypass, counted for the metrics (an integer increment, when they are on). */
function bypassedBy(options: ResolvedMaintenanceOptions, kind: MaintenanceBypassKind): MaintenanceVerdict {
  if (options.metrics !== null) options.metrics.counters.bypassed(kind);
  return 'bypass';
}

function verdictOf(bypassed: boolean): MaintenanceVerdict {
  return bypassed ? 'bypass' : 'refuse';
}

function readerVerdictOf(verdict: MaintenanceVerdict): MaintenanceVerdict {
  return verdict === 'refuse' ? 'pass' : verdict;
}
