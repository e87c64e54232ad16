/** The prefix of every metric name unless `prefix` says otherwise. */
export const DEFAULT_METRICS_PREFIX = 'maintenance_';

/**
 * Suffixes (after the prefix) and help texts of the metrics `MaintenanceMetrics.register()` creates. Kept apart from
 * the class so docs, dashboards and alert rules can be checked against one list.
 */
export const METRICS = {
  mode: {
    suffix: 'mode',
    help: 'Maintenance mode in force: 1 per scope ("" = whole app) and mode; planned="true" for a scheduled window, "false" for an emergency toggle.',
  },
  inForce: {
    suffix: 'in_force',
    help: 'Whether any maintenance mode is in force, for the whole app or any scope (1) or not (0). Meant for silencing alerts.',
  },
  upcomingSeconds: {
    suffix: 'upcoming_seconds',
    help: 'Seconds until the next announced maintenance window starts; absent when none is announced.',
  },
  requestsRefused: {
    suffix: 'requests_refused_total',
    help: 'Requests refused because of maintenance, by the mode that refused them.',
  },
  requestsBypassed: {
    suffix: 'requests_bypassed_total',
    help: 'Requests let through during maintenance, by the kind of bypass that let them through.',
  },
  windowTransitions: {
    suffix: 'window_transitions_total',
    help: 'Maintenance window transitions (activated, completed, toggled, cancelled, ...) seen by this instance.',
  },
  propagationLag: {
    suffix: 'propagation_lag_seconds',
    help: 'Time from a maintenance change being committed (by any instance) to this instance enforcing it.',
  },
  webhookDeliveries: {
    suffix: 'webhook_deliveries_total',
    help: 'Maintenance webhook deliveries, by target and result (delivered or failed).',
  },
} as const;

/**
 * Buckets of the propagation lag histogram, in seconds: a change reaches other instances through a sync channel in
 * milliseconds, or by polling in seconds, so the buckets span both.
 */
export const PROPAGATION_LAG_BUCKETS: readonly number[] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

/** How many propagation lags are kept when they are recorded before any registry is registered (start-up). */
export const PROPAGATION_LAG_BACKLOG = 1000;
