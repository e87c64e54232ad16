import type { Counter, Gauge, Histogram, OpenMetricsContentType, PrometheusContentType, Registry } from 'prom-client';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { optionError } from '../maintenance.messages';
import { DEFAULT_METRICS_PREFIX, METRICS, PROPAGATION_LAG_BACKLOG, PROPAGATION_LAG_BUCKETS } from './metric-names';

// Only types come from prom-client at the top: it is an optional peer, and this file may be loaded by apps that do not
// have it. The module itself is required in `loadPromClient()`, when a registry is registered.
type PromClient = typeof import('prom-client');

/** A prom-client registry of either exposition format. */
export type MetricsRegistry = Registry<PrometheusContentType> | Registry<OpenMetricsContentType>;

/**
 * What let a request through while maintenance was on: a `@BypassMaintenance()` route, an allowed path, an allowed
 * IP, the bypass secret, a bypass link (its cookie), a `when` callback, an exemption, or a safe method in read-only mode.
 * @publicApi
 */
export type MaintenanceBypassKind = 'route' | 'path' | 'ip' | 'secret' | 'link' | 'when' | 'exemption';

/** Every bypass kind; each gets a series (starting at 0) so `rate()` works before the first bypass. */
export const MAINTENANCE_BYPASS_KINDS: readonly MaintenanceBypassKind[] = ['route', 'path', 'ip', 'secret', 'link', 'when', 'exemption'];

/** Options of `MaintenanceMetrics`. */
export interface MaintenanceMetricsOptions {
  /** Prepended to every metric name; default `maintenance_`. Must itself be a valid start of a metric name. */
  prefix?: string;
}

/**
 * Loads prom-client, an optional peer dependency. Called only when metrics are enabled, so apps without metrics never
 * need the package; call it at start-up to fail there rather than at the first `register()`.
 * @throws MaintenanceOptionsError naming `npm install prom-client` when the package is missing.
 */
export function loadPromClient(): PromClient {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('prom-client') as PromClient;
  } catch (error) {
    // Only prom-client itself missing gets the install hint; a broken install (a missing dependency of prom-client,
    // a syntax error) must surface as it is.
    if (/Cannot find module 'prom-client'/.test((error as Error)?.message ?? '')) {
      throw optionError('metrics', 'needs the prom-client package (npm install prom-client), or turn metrics off');
    }
    throw error;
  }
}

/** The metrics one registry holds: removed together by `unregister()`. */
interface Registration {
  metrics: Map<string, object>;
  lag: Histogram;
}

// Metrics created by any MaintenanceMetrics: a name clash with one of these is an earlier instance (an app re-created
// in tests, a hot reload) and is replaced; a clash with anything else is a real conflict and throws.
const OWN_METRICS = new WeakSet<object>();

/**
 * Prometheus metrics of maintenance mode. The request path only increments plain numbers (`refused()`, `bypassed()`):
 * no label objects, no Map lookups, no prom-client calls. prom-client reads those numbers, and the state, when a
 * registry is scraped, through the metrics' `collect()` callbacks. So one instance can serve several registries, and
 * every registry shows the same totals whenever it was registered.
 *
 * No Nest decorators: a provider constructs it only when metrics are enabled (prom-client is loaded by `register()`).
 */
export class MaintenanceMetrics {
  private readonly prefix: string;

  // Hot-path counters: plain numbers in objects whose shape is fixed at construction, so an increment is a property
  // store that allocates nothing. Totals stay exact (integers in a double) far beyond any realistic request count.
  private refusedFull = 0;
  private refusedReadOnly = 0;
  private readonly bypasses: Record<MaintenanceBypassKind, number> = {
    route: 0,
    path: 0,
    ip: 0,
    secret: 0,
    link: 0,
    when: 0,
    exemption: 0,
  };

  // Not on the request path: a Map per open-ended label value is fine. Action and target values come from the
  // library and its configuration, so their number is bounded.
  private readonly transitions = new Map<string, number>();
  private readonly webhooks = new Map<string, { delivered: number; failed: number }>();

  // A histogram cannot be rebuilt from totals at scrape time, so lags are observed as they come. Until a registry is
  // registered they are kept (up to PROPAGATION_LAG_BACKLOG) and replayed into each registry registered later.
  private readonly lagBacklog: number[] = [];
  private readonly registrations = new Map<MetricsRegistry, Registration>();

  /**
   * @param options `prefix` of the metric names (default `maintenance_`).
   * @param readState What is in force now (`MaintenanceService.getState()`); read at each scrape, so it must be cheap
   *   and synchronous (the in-memory snapshot).
   * @param readPlanned Whether the mode in force for a scope (`null` = the whole app) comes from a scheduled window
   *   (`true`) rather than an emergency toggle (`false`); the state does not say. Read at each scrape for every scope in
   *   force. Default: always `false`.
   */
  constructor(
    options: MaintenanceMetricsOptions,
    private readonly readState: () => MaintenanceState,
    private readonly readPlanned: (scope: string | null) => boolean = () => false,
  ) {
    const prefix = options.prefix ?? DEFAULT_METRICS_PREFIX;
    // Checked here, with the option's name, rather than left to prom-client's bare "Invalid metric name" at register.
    if (!/^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/.test(prefix)) {
      throw optionError('metrics.prefix', `${JSON.stringify(prefix)} is not a valid metric name prefix (letters, digits, _ and :, not starting with a digit)`);
    }
    this.prefix = prefix;
  }

  /** Counts a request refused by maintenance. Request path: one integer increment. */
  refused(mode: 'full' | 'read-only'): void {
    if (mode === 'full') this.refusedFull++;
    else this.refusedReadOnly++;
  }

  /** Counts a request let through during maintenance, by what let it through. Request path: one integer increment. */
  bypassed(kind: MaintenanceBypassKind): void {
    this.bypasses[kind]++;
  }

  /** Counts a window transition on this instance: `activated`, `completed`, `toggled`, `cancelled`, ... */
  transition(action: string): void {
    this.transitions.set(action, (this.transitions.get(action) ?? 0) + 1);
  }

  /**
   * Records that a change committed `lagMs` ago (by this or another instance) is now enforced here. A negative lag
   * (clocks of instances differ) counts as 0; a non-finite one is dropped.
   */
  propagated(lagMs: number): void {
    if (!Number.isFinite(lagMs)) return;
    const seconds = Math.max(0, lagMs) / 1000;
    if (this.registrations.size === 0) {
      if (this.lagBacklog.length < PROPAGATION_LAG_BACKLOG) this.lagBacklog.push(seconds);
      return;
    }
    for (const { lag } of this.registrations.values()) lag.observe(seconds);
  }

  /**
   * Counts a webhook delivery. `target` becomes a label value: pass a stable, non-secret name (the configured name or
   * host), never a URL that may carry a token.
   */
  webhookDelivered(target: string): void {
    this.webhook(target).delivered++;
  }

  /** Counts a failed webhook delivery. See `webhookDelivered()` for `target`. */
  webhookFailed(target: string): void {
    this.webhook(target).failed++;
  }

  /**
   * Creates the metrics in `registry` (loading prom-client). Registering the same registry again does nothing; several
   * registries each get their own metrics, reading the same totals. A metric of the same name left by an earlier
   * `MaintenanceMetrics` (an app re-created in one process) is replaced; one from anything else is an error.
   */
  register(registry: MetricsRegistry): void {
    if (this.registrations.has(registry)) return;
    const prom = loadPromClient();
    const name = (metric: { suffix: string }) => this.prefix + metric.suffix;
    const names = Object.values(METRICS).map(name);
    // Check every name before creating any, so a clash leaves the registry as it was.
    for (const metricName of names) {
      const existing = registry.getSingleMetric(metricName);
      if (existing && !OWN_METRICS.has(existing)) {
        throw optionError('metrics.prefix', `the registry already has a metric named ${metricName}; choose another prefix`);
      }
    }
    for (const metricName of names) if (registry.getSingleMetric(metricName)) registry.removeSingleMetric(metricName);
    const registers = [registry];

    // Gauges: reset() first in every collect, so a mode or window that has ended disappears from the exposition.
    const mode: Gauge<'scope' | 'mode' | 'planned'> = new prom.Gauge({
      name: name(METRICS.mode),
      help: METRICS.mode.help,
      labelNames: ['scope', 'mode', 'planned'] as const,
      registers,
      collect: () => {
        mode.reset();
        const state = this.state();
        if (!state) return;
        try {
          if (state.mode !== 'off') mode.set({ scope: '', mode: state.mode, planned: String(this.readPlanned(null)) }, 1);
          for (const scoped of state.scopes) mode.set({ scope: scoped.scope, mode: scoped.mode, planned: String(this.readPlanned(scoped.scope)) }, 1);
        } catch {
          // As for a failed state read (see state()): no series rather than a failed scrape or a guessed label.
          mode.reset();
        }
      },
    });
    const inForce: Gauge = new prom.Gauge({
      name: name(METRICS.inForce),
      help: METRICS.inForce.help,
      registers,
      collect: () => {
        const state = this.state();
        // State unknown: no value rather than a 0 that would un-silence alerts by mistake.
        if (state) inForce.set(state.mode !== 'off' || state.scopes.length > 0 ? 1 : 0);
        else inForce.remove();
      },
    });
    const upcoming: Gauge = new prom.Gauge({
      name: name(METRICS.upcomingSeconds),
      help: METRICS.upcomingSeconds.help,
      registers,
      collect: () => {
        // A gauge without labels resets to 0, which would read as "a window starts now": remove() leaves no value.
        upcoming.remove();
        const startsAt = this.state()?.upcoming[0]?.startsAt;
        const at = startsAt ? Date.parse(startsAt) : NaN;
        // The state is a snapshot: a window may start before the snapshot drops it from `upcoming`.
        if (Number.isFinite(at)) upcoming.set(Math.max(0, (at - Date.now()) / 1000));
      },
    });

    // Counters: prom-client counters cannot be set, so collect() resets them and adds the stored total once. Every scrape
    // thus shows the total, never a sum of totals.
    const refused: Counter<'mode'> = new prom.Counter({
      name: name(METRICS.requestsRefused),
      help: METRICS.requestsRefused.help,
      labelNames: ['mode'] as const,
      registers,
      collect: () => {
        refused.reset();
        refused.inc({ mode: 'full' }, this.refusedFull);
        refused.inc({ mode: 'read-only' }, this.refusedReadOnly);
      },
    });
    const bypassed: Counter<'kind'> = new prom.Counter({
      name: name(METRICS.requestsBypassed),
      help: METRICS.requestsBypassed.help,
      labelNames: ['kind'] as const,
      registers,
      collect: () => {
        bypassed.reset();
        for (const kind of MAINTENANCE_BYPASS_KINDS) bypassed.inc({ kind }, this.bypasses[kind]);
      },
    });
    const transitions: Counter<'action'> = new prom.Counter({
      name: name(METRICS.windowTransitions),
      help: METRICS.windowTransitions.help,
      labelNames: ['action'] as const,
      registers,
      collect: () => {
        transitions.reset();
        for (const [action, count] of this.transitions) transitions.inc({ action }, count);
      },
    });
    const webhooks: Counter<'target' | 'result'> = new prom.Counter({
      name: name(METRICS.webhookDeliveries),
      help: METRICS.webhookDeliveries.help,
      labelNames: ['target', 'result'] as const,
      registers,
      collect: () => {
        webhooks.reset();
        // Both results per known target, 0 included, so a failure ratio has a denominator from the first delivery.
        for (const [target, counts] of this.webhooks) {
          webhooks.inc({ target, result: 'delivered' }, counts.delivered);
          webhooks.inc({ target, result: 'failed' }, counts.failed);
        }
      },
    });

    const lag: Histogram = new prom.Histogram({
      name: name(METRICS.propagationLag),
      help: METRICS.propagationLag.help,
      buckets: [...PROPAGATION_LAG_BUCKETS],
      registers,
    });
    for (const seconds of this.lagBacklog) lag.observe(seconds);

    const metrics = new Map<string, object>();
    for (const metric of [mode, inForce, upcoming, refused, bypassed, transitions, webhooks, lag]) OWN_METRICS.add(metric);
    for (const metricName of names) metrics.set(metricName, registry.getSingleMetric(metricName)!);
    this.registrations.set(registry, { metrics, lag });
  }

  /** Removes this instance's metrics from `registry` (e.g. when the app closes); the totals are kept. */
  unregister(registry: MetricsRegistry): void {
    const registration = this.registrations.get(registry);
    if (!registration) return;
    this.registrations.delete(registry);
    for (const [metricName, metric] of registration.metrics) {
      // Only if still ours: a later instance may have replaced it.
      if (registry.getSingleMetric(metricName) === metric) registry.removeSingleMetric(metricName);
    }
  }

  private webhook(target: string): { delivered: number; failed: number } {
    let counts = this.webhooks.get(target);
    if (!counts) this.webhooks.set(target, (counts = { delivered: 0, failed: 0 }));
    return counts;
  }

  /**
   * The state, or `null` when reading it failed: a scrape serves the app's other metrics too, so a failure here must
   * not fail it. The maintenance series are then absent, which reads as "unknown", not as "off".
   */
  private state(): MaintenanceState | null {
    try {
      return this.readState();
    } catch {
      return null;
    }
  }
}
