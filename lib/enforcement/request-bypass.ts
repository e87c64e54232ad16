import { ExecutionContext } from '@nestjs/common';
import { AdapterRequest } from '../interfaces/adapter-request.type';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';

/**
 * The bypasses that read the request itself: client address, secret header, then the `when` predicate
 * (cheapest first). Synchronous unless the predicate is async. A predicate that throws or rejects grants
 * nothing, so it can never turn maintenance into 500s. `context` is absent for requests no route matched
 * (`coverAllRoutes`). Path bypasses are checked by the callers, where a path means something.
 */
export function requestBypassed(
  options: ResolvedMaintenanceOptions,
  request: AdapterRequest,
  context: ExecutionContext | undefined,
  clientIp: (request: AdapterRequest) => string | undefined = options.clientIp,
): boolean | Promise<boolean> {
  if (options.hasIpBypass && options.matchesIp(clientIp(request))) return true;
  if (options.hasSecretBypass && options.matchesSecret(request.headers?.[options.bypassHeader])) return true;
  if (options.bypassLink?.cookie.verify(request)) return true;
  if (!options.when) return false;
  try {
    const answer = options.when(request, context);
    return answer instanceof Promise ? answer.then(Boolean, () => false) : Boolean(answer);
  } catch {
    return false;
  }
}
