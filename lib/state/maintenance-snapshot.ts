import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { MaintenanceState, UpcomingMaintenance } from '../interfaces/maintenance-state.interface';
import { MAINTENANCE_MODE_HEADER, MAINTENANCE_SCHEDULED_HEADER } from '../maintenance.constants';

/** The in-memory state the guard reads on every request. */
export interface MaintenanceSnapshot {
  readonly mode: MaintenanceMode | 'off';
  readonly message: string | null;
  /** End of the mode in force (ms since epoch), or null when open-ended. */
  readonly untilMs: number | null;
  /** Value of `X-Maintenance-Scheduled`, or null when nothing is announced. */
  readonly scheduledHeader: string | null;
  /** The public state, as `getState()` returns it. */
  readonly state: MaintenanceState;
  /** Next instant (ms) at which this snapshot stops being true by the clock alone, or null. */
  readonly nextChangeMs: number | null;
  /** Nothing active and nothing announced: the guard lets everything through untouched. */
  readonly quiet: boolean;
  /**
   * Response headers every matched request gets (`x-maintenance-mode`, `x-maintenance-scheduled`), built
   * once. Names are lower-case: Fastify and Node lower-case every name they are given (a new string per
   * call, a good part of what setting the header costs) and leave lower-case ones as they are.
   */
  readonly headers: readonly (readonly [string, string])[];
}

/**
 * The derived fields, computed once per snapshot rather than per request. Every snapshot is written out
 * field by field in one literal, never spread from another object: V8 gives objects made by a spread a new
 * hidden class now and then, and each reload (every second) would then hand the guard and the hook an object
 * of a shape their optimized code has not seen, which throws that code away ("wrong map"). One literal gives
 * every snapshot one shape (tested in maintenance-snapshot.spec.ts).
 */
function withHeaders(snapshot: Omit<MaintenanceSnapshot, 'quiet' | 'headers'>): MaintenanceSnapshot {
  const headers: [string, string][] = [];
  if (snapshot.mode !== 'off') headers.push([MAINTENANCE_MODE_HEADER.toLowerCase(), snapshot.mode]);
  if (snapshot.scheduledHeader !== null) headers.push([MAINTENANCE_SCHEDULED_HEADER.toLowerCase(), snapshot.scheduledHeader]);
  // Frozen: getState() hands this very object to callers, who must not be able to change what others see.
  for (const upcoming of snapshot.state.upcoming) Object.freeze(upcoming);
  Object.freeze(snapshot.state.upcoming);
  Object.freeze(snapshot.state);
  return Object.freeze({
    mode: snapshot.mode,
    message: snapshot.message,
    untilMs: snapshot.untilMs,
    scheduledHeader: snapshot.scheduledHeader,
    state: snapshot.state,
    nextChangeMs: snapshot.nextChangeMs,
    quiet: headers.length === 0,
    headers,
  });
}

/** Windows that can be in force now or later: `approved` and `active` ones. */
export type CandidateWindow = Pick<MaintenanceWindow, 'id' | 'mode' | 'message' | 'startsAt' | 'endsAt' | 'status'>;

/** A window is in force while its clock says so; statuses catch up afterwards. */
export function isInForce(window: CandidateWindow, now: number): boolean {
  return window.startsAt.getTime() <= now && (window.endsAt === null || window.endsAt.getTime() > now);
}

/**
 * Works out what is in force at `now`: full beats read-only; the message is the one of the most recently
 * started window of the winning mode; `until` is the latest end among them (null if any is open-ended).
 */
export function computeSnapshot(windows: readonly CandidateWindow[], now: number, noticeMs: number): MaintenanceSnapshot {
  const inForce = windows.filter((window) => isInForce(window, now));
  const full = inForce.filter((window) => window.mode === 'full');
  const chosen = full.length > 0 ? full : inForce;
  const upcoming: UpcomingMaintenance[] = windows
    .filter((window) => window.startsAt.getTime() > now && window.startsAt.getTime() - now <= noticeMs)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((window) => ({
      id: window.id,
      mode: window.mode,
      message: window.message,
      startsAt: window.startsAt.toISOString(),
      endsAt: window.endsAt?.toISOString() ?? null,
    }));
  const nextChangeMs = nextBoundary(windows, now, noticeMs);
  const scheduledHeader = upcoming.length > 0 ? upcoming[0].startsAt : null;

  if (chosen.length === 0) {
    return withHeaders({
      mode: 'off',
      message: null,
      untilMs: null,
      scheduledHeader,
      nextChangeMs,
      state: { mode: 'off', message: null, since: null, until: null, upcoming },
    });
  }
  const latestStarted = chosen.reduce((a, b) => (b.startsAt.getTime() > a.startsAt.getTime() ? b : a));
  const since = Math.min(...chosen.map((window) => window.startsAt.getTime()));
  const untilMs = chosen.some((window) => window.endsAt === null) ? null : Math.max(...chosen.map((window) => window.endsAt!.getTime()));
  const mode = chosen[0].mode;
  return withHeaders({
    mode,
    message: latestStarted.message,
    untilMs,
    scheduledHeader,
    nextChangeMs,
    state: {
      mode,
      message: latestStarted.message,
      since: new Date(since).toISOString(),
      until: untilMs === null ? null : new Date(untilMs).toISOString(),
      upcoming,
    },
  });
}

/** Snapshot used when the state has never been read and `failMode` is `closed`. */
export function failClosedSnapshot(message: string): MaintenanceSnapshot {
  return withHeaders({
    mode: 'full',
    message,
    untilMs: null,
    scheduledHeader: null,
    nextChangeMs: null,
    state: { mode: 'full', message, since: null, until: null, upcoming: [] },
  });
}

function nextBoundary(windows: readonly CandidateWindow[], now: number, noticeMs: number): number | null {
  let next = Infinity;
  for (const window of windows) {
    const start = window.startsAt.getTime();
    for (const instant of [start - noticeMs, start, window.endsAt?.getTime() ?? Infinity]) {
      if (instant > now && instant < next) next = instant;
    }
  }
  return next === Infinity ? null : next;
}
