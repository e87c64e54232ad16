import { Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, Reflector } from '@nestjs/core';
import { BypassMaintenanceMetadata } from './bypass-maintenance.decorator';
import { BYPASS_MAINTENANCE_KEY } from '../maintenance.constants';
import { MAINTENANCE_ROUTE_MARK } from '../maintenance.internal-constants';
import { optionError } from '../maintenance.messages';
import { routeScopes } from './maintenance-scope.decorator';

/**
 * The metadata key `@RouteConfig()` of @nestjs/platform-fastify writes, which its adapter passes to Fastify as
 * the route's `config` (kept in step with the package by this file's spec; not imported, so that apps on Express
 * need not install it).
 */
export const FASTIFY_ROUTE_CONFIG_METADATA = '__fastify_route_config__';

/** What the Fastify hook needs to know of a Nest route: its effective `@BypassMaintenance()`, or `null`. */
export interface MaintenanceRouteMark {
  bypass: BypassMaintenanceMetadata | null;
  /** Its `@MaintenanceScope()` names. */
  scopes: readonly string[];
}

/** A controller class and, once Nest has made it, its instance (whose methods Nest registers). */
export interface MarkedController {
  metatype: Type;
  instance?: Record<string, unknown>;
}

/**
 * Puts a mark in the Fastify route config of every route handler of `controllers`: Nest copies a handler's
 * metadata onto the function it registers, and its Fastify adapter hands `@RouteConfig()` to Fastify, where
 * the module's `onRoute` hook reads it. This is how a Fastify hook learns a route's decorators, once, before
 * any request; the handler Fastify gets is sometimes a wrapper without metadata (parameterised paths).
 *
 * The mark lives on the handler function, so two controllers sharing one (a subclass that does not
 * override it) must agree on it; otherwise this throws, saying how to fix it.
 */
export function markMaintenanceRoutes(controllers: MarkedController[], reflector: Reflector): void {
  const scanner = new MetadataScanner();
  const seen = new Map<object, { owner: string; bypass: BypassMaintenanceMetadata | null }>();
  for (const { metatype, instance } of controllers) {
    for (const name of scanner.getAllMethodNames(metatype.prototype)) {
      // Decorators sit on the prototype's method; Nest registers (and copies metadata from) the instance's,
      // which differs when the controller binds its methods.
      const declared: unknown = metatype.prototype[name];
      if (typeof declared !== 'function' || Reflect.getMetadata(PATH_METADATA, declared) === undefined) continue;
      const registered: unknown = instance?.[name];
      const handler = typeof registered === 'function' ? registered : declared;
      const bypass = reflector.getAllAndOverride<BypassMaintenanceMetadata | undefined>(BYPASS_MAINTENANCE_KEY, [declared, metatype]) ?? null;
      const owner = `${metatype.name}.${name}`;
      const earlier = seen.get(handler);
      if (earlier && !sameBypass(earlier.bypass, bypass)) {
        throw optionError(
          'guard',
          `"fastify-hook" cannot tell ${earlier.owner} from ${owner}: they are one handler with different @BypassMaintenance(). ` +
            `Override the method in ${metatype.name} (calling super), or use guard: "global".`,
        );
      }
      seen.set(handler, { owner: earlier?.owner ?? owner, bypass });
      const config = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler);
      const mark: MaintenanceRouteMark = { bypass, scopes: routeScopes(reflector, declared, metatype) };
      Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, [MAINTENANCE_ROUTE_MARK]: mark }, handler);
    }
  }
}

function sameBypass(a: BypassMaintenanceMetadata | null, b: BypassMaintenanceMetadata | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.modes === null || b.modes === null) return a.modes === b.modes;
  return a.modes.length === b.modes.length && a.modes.every((mode) => b.modes!.includes(mode));
}
