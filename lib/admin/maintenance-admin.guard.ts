import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MaintenanceAction } from '../interfaces/maintenance-mode.type';
import { MAINTENANCE_ACTION_KEY, MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { MESSAGES } from '../maintenance.messages';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';

/** Property of the request where the admin guard leaves the actor's name. */
export const MAINTENANCE_ACTOR_PROPERTY = Symbol('maintenanceActor');

/**
 * Guards the admin routes: closed (403) until `admin.authorize` is configured; 401 when `admin.actor`
 * names nobody; 403 when `authorize` says no.
 */
@Injectable()
export class MaintenanceAdminGuard implements CanActivate {
  private readonly logger = new Logger('MaintenanceModule');
  /** The caller reads a plain 401; the operator reads which option to fix, once, not once per request. */
  private actorWarningLogged = false;

  constructor(
    private readonly reflector: Reflector,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const action = this.reflector.get<MaintenanceAction | undefined>(MAINTENANCE_ACTION_KEY, context.getHandler());
    if (!action) return true;
    // The app's callbacks, called as plain functions as documented (declared as methods for bivariant parameters).
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const { authorize, actor } = this.options.admin;
    if (!authorize) throw new ForbiddenException(MESSAGES.adminClosed);
    const request = context.switchToHttp().getRequest();
    const name = actor ? await actor(request) : undefined;
    if (typeof name !== 'string' || name.trim() === '') {
      if (!this.actorWarningLogged) {
        this.actorWarningLogged = true;
        this.logger.warn(MESSAGES.noActorWarning(action));
      }
      throw new UnauthorizedException(MESSAGES.noActor);
    }
    if (!(await authorize(request, action))) throw new ForbiddenException(MESSAGES.adminForbidden(action));
    request[MAINTENANCE_ACTOR_PROPERTY] = name.trim();
    return true;
  }
}
