import { ExecutionContext } from '@nestjs/common';
import { AdapterRequest } from '../interfaces/adapter-request.type';
import { MaintenanceBypassKind } from '../metrics/maintenance-metrics';
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
  if (options.hasIpBypass && options.matchesIp(clientIp(request))) return counted(options, 'ip');
  if (options.hasSecretBypass && options.matchesSecret(request.headers?.[options.bypassHeader])) return counted(options, 'secret');
  if (options.bypassLink?.cookie.verify(request)) return counted(options, 'link');
  if (!options.when) return false;
  try {
    const answer = options.when(request, context);
    if (answer instanceof Promise)
      return answer.then(
        (granted) => (granted ? counted(options, 'when') : false),
        () => false,
      );
    return answer ? counted(options, 'when') : false;
  } catch {
    return false;
  }
}

/** A bypass granted, counted for the metrics when they are on. */
function counted(options: ResolvedMaintenanceOptions, kind: MaintenanceBypassKind): true {
  if (options.metrics !== null) options.metrics.counters.bypassed(kind);
  return true;
}
