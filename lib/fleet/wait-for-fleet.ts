import { MESSAGES } from '../maintenance.messages';
import { isMissingSchemaError } from '../persistence/database-errors';
import { MaintenanceInstance } from '../persistence/entities/maintenance-instance.entity';
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
  /** Why the fleet could not be read at all (its table is missing), when so; then `complete` is false. */
  problem?: string;
}

/**
 * Waits until every live instance enforces at least `stateVersion` and has drained, or `timeoutMs` passes. An instance
 * that dies meanwhile stops counting once its heartbeat expires, so it cannot hold the wait beyond that.
 */
export async function waitForFleet(repository: MaintenanceRepository, stateVersion: number, timeoutMs: number, pollMs = 200): Promise<MaintenanceFleetWait> {
  const started = Date.now();
  for (;;) {
    let rows: MaintenanceInstance[];
    try {
      rows = await repository.instances();
    } catch (error) {
      // Nothing can report without the table: say so rather than wait, and never claim the fleet applied the change.
      if (!isMissingSchemaError(error)) throw error;
      return { complete: false, status: fleetStatusOf([], stateVersion, Date.now()), waitedMs: Date.now() - started, problem: MESSAGES.fleetTableMissing };
    }
    const status = fleetStatusOf(rows, stateVersion, Date.now());
    const waitedMs = Date.now() - started;
    if (status.lagging.length === 0) return { complete: true, status, waitedMs };
    if (waitedMs >= timeoutMs) return { complete: false, status, waitedMs };
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, timeoutMs - waitedMs)));
  }
}
