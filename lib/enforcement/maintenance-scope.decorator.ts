import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MAINTENANCE_SCOPE_KEY } from '../maintenance.constants';
import { isScopeName, SCOPE_NAME_TEXT } from '../utils/scope-name';

/**
 * Puts a controller, a handler or a GraphQL resolver in one or more maintenance scopes: a window (or a toggle) that
 * names one of them covers these routes, and leaves every other route alone. A handler is in its own scopes and its
 * class's. Routes can also be selected by path or host with the `scopes` option.
 *
 * @example
 * ```ts
 * @MaintenanceScope('checkout')
 * @Controller('orders')
 * export class OrdersController {}
 * ```
 * @publicApi
 */
export const MaintenanceScope = (...names: string[]): ClassDecorator & MethodDecorator => {
  if (names.length === 0) throw new TypeError('@MaintenanceScope() needs at least one scope name');
  for (const name of names) {
    if (!isScopeName(name)) throw new TypeError(`@MaintenanceScope(): "${String(name)}" is not a scope name (${SCOPE_NAME_TEXT})`);
  }
  return SetMetadata(MAINTENANCE_SCOPE_KEY, Object.freeze([...new Set(names)]));
};

/** A route's `@MaintenanceScope()` names: its handler's, then its class's. Worked out once per route. */
export function routeScopes(reflector: Reflector, handler: object, controller: object): readonly string[] {
  const own = reflector.get<readonly string[] | undefined>(MAINTENANCE_SCOPE_KEY, handler as () => void) ?? [];
  const inherited = reflector.get<readonly string[] | undefined>(MAINTENANCE_SCOPE_KEY, controller as () => void) ?? [];
  return Object.freeze([...new Set([...own, ...inherited])]);
}
