import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { MaintenanceState, ScopedMaintenanceState, UpcomingMaintenance } from '../interfaces/maintenance-state.interface';
import { MAINTENANCE_MODE_HEADER, MAINTENANCE_SCHEDULED_HEADER } from '../maintenance.constants';
import { compileWindowExemptions, WindowExemptions } from './window-exemptions';
import { concreteWindows } from './window-occurrences';
import { MaintenanceScopeSelector, MaintenanceScopeSelectors } from '../options/maintenance-options.resolver';

/** The in-memory state the guard reads on every request. */
export interface MaintenanceSnapshot {
  readonly mode: MaintenanceMode | 'off';
  readonly message: string | null;
  /** The message of the window in force in other languages, by language tag, or null. */
  readonly translations: Readonly<Record<string, string>> | null;
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
  /**
   * Who the windows of the mode in force let through themselves (their `exemptions`), or null: nobody. Checked
   * after the module's own bypasses, only while a mode is in force.
   */
  readonly exempts: WindowExemptions | null;
  /**
   * What applies to the routes of each scope with a window in force or announced, or null when there is none (then
   * this snapshot is what every route gets). A view is a snapshot of the scope's windows and the whole app's ones.
   */
  readonly scopes: MaintenanceScopeViews | null;
}

/** The views of the scopes with a window in force or announced (see `MaintenanceSnapshot.scopes`). */
export interface MaintenanceScopeViews {
  /** By scope name, for the routes tagged with it (`@MaintenanceScope()`). */
  readonly byName: ReadonlyMap<string, MaintenanceSnapshot>;
  /** Those of them that the `scopes` option also selects by path or host, with how. */
  readonly selected: readonly ScopeSelection[];
}

/** A scope's view, and what selects its requests besides tags. */
export interface ScopeSelection {
  readonly view: MaintenanceSnapshot;
  readonly selector: MaintenanceScopeSelector;
}

const NO_SELECTORS: MaintenanceScopeSelectors = new Map();

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
  for (const scoped of snapshot.state.scopes) Object.freeze(scoped);
  Object.freeze(snapshot.state.upcoming);
  Object.freeze(snapshot.state.scopes);
  Object.freeze(snapshot.state);
  return Object.freeze({
    mode: snapshot.mode,
    message: snapshot.message,
    translations: snapshot.translations,
    untilMs: snapshot.untilMs,
    scheduledHeader: snapshot.scheduledHeader,
    state: snapshot.state,
    nextChangeMs: snapshot.nextChangeMs,
    // A scoped window makes no route's headers by itself, but every request must then be looked at.
    quiet: headers.length === 0 && snapshot.scopes === null,
    headers,
    exempts: snapshot.exempts,
    scopes: snapshot.scopes,
  });
}

/**
 * Windows that can be in force now or later: `approved` and `active` ones. Scope, exemptions and recurrence are
 * absent (whole app, nobody exempt, once) in windows made before they existed, and in tests.
 */
export type CandidateWindow = Pick<MaintenanceWindow, 'id' | 'mode' | 'message' | 'startsAt' | 'endsAt' | 'status'> &
  Partial<Pick<MaintenanceWindow, 'scope' | 'exemptions' | 'recurrence' | 'translations'>>;

/** A window is in force while its clock says so (for a recurring one, while one of its occurrences is); statuses catch up afterwards. */
export function isInForce(window: CandidateWindow, now: number): boolean {
  if (window.recurrence) return concreteWindows([window], now, 0).some((occurrence) => isOnceInForce(occurrence, now));
  return isOnceInForce(window, now);
}

function isOnceInForce(window: CandidateWindow, now: number): boolean {
  return window.startsAt.getTime() <= now && (window.endsAt === null || window.endsAt.getTime() > now);
}

/**
 * Works out what is in force at `now`, for the whole app and for each scope with a window in force or announced.
 * Recurring windows count by their occurrences. Per view: full beats read-only; the message is the one of the most
 * recently started window of the winning mode; `until` is the latest end among them (null if any is open-ended).
 * A scope's view takes the whole app's windows with its own, so it is never weaker than the whole app's.
 */
export function computeSnapshot(
  windows: readonly CandidateWindow[],
  now: number,
  noticeMs: number,
  selectors: MaintenanceScopeSelectors = NO_SELECTORS,
): MaintenanceSnapshot {
  const concrete = concreteWindows(windows, now, noticeMs);
  const whole = concrete.filter((window) => !window.scope);
  const byScope = new Map<string, CandidateWindow[]>();
  for (const window of concrete) {
    if (window.scope && (isOnceInForce(window, now) || announced(window, now, noticeMs))) byScope.set(window.scope, []);
  }
  for (const window of concrete) byScope.get(window.scope ?? '')?.push(window);
  const nextChangeMs = nextBoundary(concrete, now, noticeMs);
  const upcoming = upcomingOf(concrete, now, noticeMs);
  if (byScope.size === 0) return viewOf(whole, now, noticeMs, nextChangeMs, upcoming, [], null);

  const byName = new Map<string, MaintenanceSnapshot>();
  const selected: ScopeSelection[] = [];
  const scopes: ScopedMaintenanceState[] = [];
  for (const [name, own] of [...byScope].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const mine = [...whole, ...own];
    const view = viewOf(mine, now, noticeMs, nextChangeMs, upcomingOf(mine, now, noticeMs), [], null);
    byName.set(name, view);
    // Only scopes that select by path or host: a request is checked against each of them.
    const selector = selectors.get(name);
    if (selector && (selector.matchesPath !== null || selector.hosts !== null)) selected.push({ view, selector });
    const alone = viewOf(own, now, noticeMs, null, [], [], null);
    if (alone.mode !== 'off') {
      scopes.push({
        scope: name,
        mode: alone.mode,
        message: alone.message,
        ...withTranslations(alone.translations),
        since: alone.state.since,
        until: alone.state.until,
      });
    }
  }
  return viewOf(whole, now, noticeMs, nextChangeMs, upcoming, scopes, Object.freeze({ byName, selected: Object.freeze(selected) }));
}

function announced(window: CandidateWindow, now: number, noticeMs: number): boolean {
  const start = window.startsAt.getTime();
  return start > now && start - now <= noticeMs;
}

/** Windows (and occurrences) starting within the notice period, soonest first. */
function upcomingOf(windows: readonly CandidateWindow[], now: number, noticeMs: number): UpcomingMaintenance[] {
  return windows
    .filter((window) => announced(window, now, noticeMs))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((window) => ({
      id: window.id,
      mode: window.mode,
      message: window.message,
      ...withTranslations(window.translations ?? null),
      startsAt: window.startsAt.toISOString(),
      endsAt: window.endsAt?.toISOString() ?? null,
      scope: window.scope ?? null,
    }));
}

/** The snapshot of one set of windows: the whole app's, or a scope's with the whole app's. */
function viewOf(
  windows: readonly CandidateWindow[],
  now: number,
  noticeMs: number,
  nextChangeMs: number | null,
  upcoming: UpcomingMaintenance[],
  scopeStates: ScopedMaintenanceState[],
  scopes: MaintenanceScopeViews | null,
): MaintenanceSnapshot {
  const inForce = windows.filter((window) => isOnceInForce(window, now));
  const full = inForce.filter((window) => window.mode === 'full');
  const chosen = full.length > 0 ? full : inForce;
  const scheduledHeader = windows
    .filter((window) => announced(window, now, noticeMs))
    .reduce<number | null>((soonest, window) => (soonest === null || window.startsAt.getTime() < soonest ? window.startsAt.getTime() : soonest), null);
  const scheduled = scheduledHeader === null ? null : new Date(scheduledHeader).toISOString();

  if (chosen.length === 0) {
    return withHeaders({
      mode: 'off',
      message: null,
      translations: null,
      untilMs: null,
      scheduledHeader: scheduled,
      nextChangeMs,
      state: { mode: 'off', message: null, since: null, until: null, upcoming, scopes: scopeStates },
      exempts: null,
      scopes,
    });
  }
  const latestStarted = chosen.reduce((a, b) => (b.startsAt.getTime() > a.startsAt.getTime() ? b : a));
  const since = Math.min(...chosen.map((window) => window.startsAt.getTime()));
  const untilMs = chosen.some((window) => window.endsAt === null) ? null : Math.max(...chosen.map((window) => window.endsAt!.getTime()));
  const mode = chosen[0].mode;
  const translations = latestStarted.translations ?? null;
  return withHeaders({
    mode,
    message: latestStarted.message,
    translations,
    untilMs,
    scheduledHeader: scheduled,
    nextChangeMs,
    state: {
      mode,
      message: latestStarted.message,
      ...withTranslations(translations),
      since: new Date(since).toISOString(),
      until: untilMs === null ? null : new Date(untilMs).toISOString(),
      upcoming,
      scopes: scopeStates,
    },
    exempts: compileWindowExemptions(chosen),
    scopes,
  });
}

/** Snapshot used when the state has never been read and `failMode` is `closed`. */
export function failClosedSnapshot(message: string): MaintenanceSnapshot {
  return withHeaders({
    mode: 'full',
    message,
    translations: null,
    untilMs: null,
    scheduledHeader: null,
    nextChangeMs: null,
    state: { mode: 'full', message, since: null, until: null, upcoming: [], scopes: [] },
    exempts: null,
    scopes: null,
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

/** `{ translations }` when there are some, else nothing: the public state names them only where they exist. */
function withTranslations(translations: Readonly<Record<string, string>> | null): { translations?: Record<string, string> } {
  return translations ? { translations: Object.freeze({ ...translations }) } : {};
}
