import { MaintenanceDrainReport, MaintenanceInstance } from '../persistence/entities/maintenance-instance.entity';

/** One instance as the fleet view shows it. @publicApi */
export interface MaintenanceFleetMember {
  id: string;
  name: string;
  /** It wrote a heartbeat recently enough (before its row expired). */
  live: boolean;
  stateVersion: number;
  mode: string;
  drained: boolean;
  /** What it still drains, when not drained. */
  draining: MaintenanceDrainReport | null;
  startedAt: string;
  seenAt: string;
  /** Live, enforcing the newest state, and drained. */
  current: boolean;
}

/** The fleet: which live instances enforce the newest state, which lag, and what they drain. @publicApi */
export interface MaintenanceFleetStatus {
  /** The newest version of the stored state. */
  stateVersion: number;
  /** Live instances. */
  live: number;
  /** Live instances enforcing `stateVersion` (or newer), drained. */
  current: number;
  /** Live instances that are not current. */
  lagging: MaintenanceFleetMember[];
  /** Instances whose heartbeat expired; forgotten an hour later. */
  dead: number;
  /** Every instance on record, live ones first. */
  instances: MaintenanceFleetMember[];
}

/** How long the row of a dead instance is kept, to be shown as dead, before it is deleted. */
export const FORGET_DEAD_INSTANCES_AFTER_MS = 60 * 60_000;

/** The fleet as `rows` describe it at `now`, against the target state version `stateVersion`. */
export function fleetStatusOf(rows: readonly MaintenanceInstance[], stateVersion: number, now: number): MaintenanceFleetStatus {
  const instances = rows.map((row): MaintenanceFleetMember => {
    const live = row.expiresAt.getTime() > now;
    return {
      id: row.id,
      name: row.name,
      live,
      stateVersion: row.stateVersion,
      mode: row.mode,
      drained: row.drained,
      draining: row.draining === null ? null : parseDrainReport(row.draining),
      startedAt: row.startedAt.toISOString(),
      seenAt: row.seenAt.toISOString(),
      current: live && row.stateVersion >= stateVersion && row.drained,
    };
  });
  instances.sort((a, b) => Number(b.live) - Number(a.live));
  const live = instances.filter((instance) => instance.live);
  return {
    stateVersion,
    live: live.length,
    current: live.filter((instance) => instance.current).length,
    lagging: live.filter((instance) => !instance.current),
    dead: instances.length - live.length,
    instances,
  };
}

function parseDrainReport(json: string): MaintenanceDrainReport {
  try {
    const report = JSON.parse(json) as Partial<MaintenanceDrainReport>;
    return { requests: Number(report.requests) || 0, work: Array.isArray(report.work) ? report.work.map(String) : [] };
  } catch {
    return { requests: 0, work: [json] };
  }
}
