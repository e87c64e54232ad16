import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { MAINTENANCE_ACTOR_PROPERTY } from './maintenance-admin.guard';
import { MaintenanceActorContext } from '../interfaces/maintenance-actor.interface';
import { MaintenanceAction } from '../interfaces/maintenance-mode.type';
import { AdminInputShapes } from './maintenance-admin-input.guard';
import { MAINTENANCE_ACTION_KEY, MAINTENANCE_ADMIN_INPUT_KEY } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';

/** Names the admin action a route performs (what `admin.authorize` receives). */
export const MaintenanceActionName = (action: MaintenanceAction) => SetMetadata(MAINTENANCE_ACTION_KEY, action);

/** Names the DTOs the route's body and query string must match as sent (see `MaintenanceAdminInputGuard`). */
export const AdminInput = (shapes: AdminInputShapes) => SetMetadata(MAINTENANCE_ADMIN_INPUT_KEY, shapes);

/** Builds the audit context of an admin request: actor (set by the admin guard), client IP, user agent. */
export function actorContextOf(request: Record<string | symbol, any>, options: ResolvedMaintenanceOptions): MaintenanceActorContext {
  const userAgent = request.headers?.['user-agent'];
  return {
    actor: request[MAINTENANCE_ACTOR_PROPERTY],
    source: 'api',
    ip: options.clientIp(request) ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
  };
}

/** The raw request, for building the actor context in a handler. */
export const RawRequest = createParamDecorator((_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest());
