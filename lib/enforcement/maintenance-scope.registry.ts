import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost, MetadataScanner, Reflector } from '@nestjs/core';
import { MAINTENANCE_SCOPE_KEY } from '../maintenance.constants';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';

/**
 * The scope names this app knows: those of the `scopes` option and those its controllers and resolvers carry with
 * `@MaintenanceScope()`. A window for a scope no route is in would do nothing, silently; the workflow refuses it
 * instead. Only a process with an HTTP app can know its routes: the CLI cannot, and accepts any well-formed name.
 */
@Injectable()
export class MaintenanceScopeRegistry {
  #tagged: ReadonlySet<string> | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  /** Whether a window may name this scope: a known one, or any name where the routes cannot be known. */
  accepts(name: string): boolean {
    if (this.options.scopes.has(name)) return true;
    if (!this.adapterHost.httpAdapter) return true;
    return this.tagged().has(name);
  }

  /** The known names, sorted (for messages). */
  names(): string[] {
    return [...new Set([...this.options.scopes.keys(), ...this.tagged()])].sort();
  }

  /** The names on controllers and providers (resolvers) and their methods; looked up once, on first use (after start-up). */
  private tagged(): ReadonlySet<string> {
    if (this.#tagged) return this.#tagged;
    const names = new Set<string>();
    const scanner = new MetadataScanner();
    for (const wrapper of [...this.discovery.getControllers(), ...this.discovery.getProviders()]) {
      const metatype = wrapper.metatype;
      if (typeof metatype !== 'function' || !metatype.prototype) continue;
      for (const name of this.reflector.get<string[] | undefined>(MAINTENANCE_SCOPE_KEY, metatype) ?? []) names.add(name);
      for (const method of scanner.getAllMethodNames(metatype.prototype)) {
        const handler: unknown = (metatype.prototype as Record<string, unknown>)[method];
        if (typeof handler !== 'function') continue;
        for (const name of this.reflector.get<string[] | undefined>(MAINTENANCE_SCOPE_KEY, handler as () => void) ?? []) names.add(name);
      }
    }
    return (this.#tagged = names);
  }
}
