import { MaintenanceMode } from '../../interfaces/maintenance-mode.type';
import { ResolvedMaintenanceOptions } from '../../options/maintenance-options.resolver';
import { MaintenanceSnapshot } from '../../state/maintenance-snapshot';
import { MaintenanceException } from './maintenance.exception';

/**
 * The error for a refused request: 503 with `Retry-After` seconds to the end of the full window in force
 * (at least 1; `retryAfterSeconds` when open-ended), or the read-only status for a refused write.
 */
export function maintenanceExceptionFor(
  snapshot: MaintenanceSnapshot,
  mode: MaintenanceMode,
  options: ResolvedMaintenanceOptions,
  now = Date.now(),
): MaintenanceException {
  const until = snapshot.state.until;
  if (mode === 'full') {
    const retryAfter = snapshot.untilMs === null ? options.retryAfterSeconds : Math.max(1, Math.ceil((snapshot.untilMs - now) / 1000));
    return MaintenanceException.full(snapshot.message ?? options.defaultMessage, until, retryAfter);
  }
  return MaintenanceException.readOnly(options.readOnlyStatusCode, snapshot.message ?? options.readOnlyMessage, until);
}
