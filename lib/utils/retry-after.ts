import { MaintenanceSnapshot } from '../services/maintenance-snapshot';

/** Seconds to the end of the full window in force (at least 1), or the configured default when open-ended. */
export function retryAfterSeconds(snapshot: MaintenanceSnapshot, fallback: number, now = Date.now()): number {
  return snapshot.untilMs === null ? fallback : Math.max(1, Math.ceil((snapshot.untilMs - now) / 1000));
}
