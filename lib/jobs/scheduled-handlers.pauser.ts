import { Inject, Injectable, OnModuleInit, Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { BYPASS_MAINTENANCE_KEY, PAUSE_DURING_MAINTENANCE_KEY } from '../maintenance.constants';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenancePauseService } from './maintenance-pause.service';
import { PauseDuringMaintenanceMetadata } from './pause-during-maintenance.decorator';

/** Metadata key `@Cron`, `@Interval` and `@Timeout` of @nestjs/schedule write on a handler (not imported: an optional peer). */
const SCHEDULER_TYPE = 'SCHEDULER_TYPE';
/** Marks a handler this module has wrapped, so a second app in the process does not wrap it again. */
const WRAPPED = Symbol('nestjs-maintenance:pausable');

/** The pauser of each provider instance, by instance: a wrapped handler finds its app's pauser through its `this`. */
const pausers = new WeakMap<object, ScheduledHandlersPauser>();

type Handler = ((...args: unknown[]) => unknown) & { [WRAPPED]?: true };

/**
 * Pauses `@nestjs/schedule` handlers. @nestjs/schedule captures each handler when it explores the app's providers (in
 * its `onModuleInit`) and starts the timers at bootstrap, so the module wraps the handlers on their class's prototype
 * while the app's providers are being created, before any `onModuleInit`. The wrapper asks the pauser of the instance
 * it runs on (found through a WeakMap: one lookup per run), so instances of other apps in the same process, or of apps
 * without the module, run as before.
 */
@Injectable()
export class ScheduledHandlersPauser implements OnModuleInit {
  private readonly classes = new Set<object>();
  /** Pause modes by class, then handler name: null when the handler never pauses. */
  private readonly modes = new Map<object, Map<string, readonly MaintenanceMode[] | null>>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly pause: MaintenancePauseService,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {
    for (const wrapper of [...discovery.getControllers(), ...discovery.getProviders()]) {
      const type = wrapper.metatype;
      if (typeof type === 'function' && type.prototype) this.wrapHandlers(type as Type);
    }
  }

  /** Registers this app's instances of the classes whose handlers were wrapped (before the timers start, at bootstrap). */
  onModuleInit(): void {
    for (const wrapper of [...this.discovery.getControllers(), ...this.discovery.getProviders()]) {
      const instance = wrapper.instance as object | null | undefined;
      if (instance && typeof instance === 'object' && this.classes.has(instance.constructor)) pausers.set(instance, this);
    }
  }

  /** Runs one tick of a wrapped handler, or skips it while its modes are in force. */
  run(instance: object, key: string, handler: Handler, args: unknown[]): unknown {
    const modes = this.modesOf(instance.constructor as Type, key);
    if (modes === null) return handler.apply(instance, args);
    const label = `${instance.constructor.name}.${key}`;
    if (this.pause.isPaused(modes)) return this.pause.skip(label, modes);
    return this.pause.track(label, modes, () => handler.apply(instance, args));
  }

  private wrapHandlers(type: Type): void {
    const prototype = type.prototype as Record<string, Handler>;
    for (const key of this.scanner.getAllMethodNames(prototype)) {
      const handler = prototype[key];
      if (typeof handler !== 'function' || Reflect.getMetadata(SCHEDULER_TYPE, handler) === undefined) continue;
      if (this.modesOf(type, key) === null) continue;
      this.classes.add(type);
      if (handler[WRAPPED]) continue;
      const owner = ownerOf(prototype, key);
      owner[key] = pausable(handler, key);
    }
  }

  /** The modes in which a handler pauses: its decorator's, its class's, the app-wide option's, less what it bypasses. */
  private modesOf(type: Type, key: string): readonly MaintenanceMode[] | null {
    let byKey = this.modes.get(type);
    if (!byKey) this.modes.set(type, (byKey = new Map()));
    let modes = byKey.get(key);
    if (modes === undefined) {
      const handler = (type.prototype as Record<string, Handler>)[key];
      const targets = [handler, type];
      const own = this.reflector.getAllAndOverride<PauseDuringMaintenanceMetadata | undefined>(PAUSE_DURING_MAINTENANCE_KEY, targets);
      const bypass = this.reflector.getAllAndOverride<{ modes: readonly MaintenanceMode[] | null } | undefined>(BYPASS_MAINTENANCE_KEY, targets);
      const chosen = (own?.modes ?? this.options.jobs.pauseScheduled ?? []).filter(
        (mode) => !bypass || (bypass.modes !== null && !bypass.modes.includes(mode)),
      );
      modes = chosen.length > 0 ? chosen : null;
      byKey.set(key, modes);
    }
    return modes;
  }
}

/** The prototype in the chain that defines `key` itself. */
function ownerOf(prototype: Record<string, Handler>, key: string): Record<string, Handler> {
  let owner: object | null = prototype;
  while (owner && !Object.prototype.hasOwnProperty.call(owner, key)) owner = Object.getPrototypeOf(owner) as object | null;
  return (owner ?? prototype) as Record<string, Handler>;
}

/** A wrapper with the handler's name and metadata (which @nestjs/schedule reads from the function it finds). */
function pausable(handler: Handler, key: string): Handler {
  const wrapper: Handler = function (this: object, ...args: unknown[]) {
    const pauser = pausers.get(this);
    return pauser === undefined ? handler.apply(this, args) : pauser.run(this, key, handler, args);
  };
  for (const metadataKey of Reflect.getMetadataKeys(handler)) Reflect.defineMetadata(metadataKey, Reflect.getMetadata(metadataKey, handler), wrapper);
  Object.defineProperty(wrapper, 'name', { value: handler.name });
  wrapper[WRAPPED] = true;
  return wrapper;
}
