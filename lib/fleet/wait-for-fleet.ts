import { MaintenanceRepository } from '../persistence/maintenance.repository';
import { fleetStatusOf, MaintenanceFleetStatus } from './fleet-status';

/** What `waitForFleet` found. @publicApi */
export interface MaintenanceFleetWait {
  /** Every live instance enforces `status.stateVersion` (or newer) and is drained. */
  complete: boolean;
  /** The fleet when the wait ended. */
  status: MaintenanceFleetStatus;
  /** How long it waited, in ms. */
  waitedMs: number;
}

/**
 * Waits until every live instance enforces at least `stateVersion` and has drained, or `timeoutMs` passes. An instance
 * that dies meanwhile stops counting once its heartbeat expires, so it cannot hold the wait beyond that.
 */
export async function waitForFleet(repository: MaintenanceRepository, stateVersion: number, timeoutMs: number, pollMs = 200): Promise<MaintenanceFleetWait> {
  const started = Date.now();
  for (;;) {
    const status = fleetStatusOf(await repository.instances(), stateVersion, Date.now());
    const waitedMs = Date.now() - started;
    if (status.lagging.length === 0) return { complete: true, status, waitedMs };
    if (waitedMs >= timeoutMs) return { complete: false, status, waitedMs };
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, timeoutMs - waitedMs)));
  }
}
