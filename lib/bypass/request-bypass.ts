import { ExecutionContext } from '@nestjs/common';
import { MaintenanceRequest } from '../interfaces/maintenance-module-options.interface';
import { ResolvedMaintenanceOptions } from '../maintenance-options.resolver';
import { requestPath } from '../utils/request-path';

/**
 * The bypasses that depend on the request alone: paths, client address, secret header, then the `when`
 * predicate (cheapest first). Synchronous unless the predicate is async. A predicate that throws or
 * rejects grants nothing, so it can never turn maintenance into 500s. `context` is absent for requests
 * no route matched (see `coverAllRoutes`).
 */
export function requestBypassed(
  options: ResolvedMaintenanceOptions,
  request: MaintenanceRequest,
  context: ExecutionContext | undefined,
  path: string = requestPath(request),
): boolean | Promise<boolean> {
  if (options.matchesPath(path)) return true;
  if (options.hasIpBypass && options.matchesIp(options.clientIp(request))) return true;
  if (options.hasSecretBypass && options.matchesSecret(request.headers?.[options.bypassHeader])) return true;
  if (!options.when) return false;
  try {
    const answer = options.when(request, context as ExecutionContext);
    return answer instanceof Promise ? answer.then(Boolean, () => false) : Boolean(answer);
  } catch {
    return false;
  }
}
