import { METHODS } from 'node:http';
import { hostname } from 'node:os';
import { MAINTENANCE_MODES, MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { BypassCookie, createBypassCookie, MAINTENANCE_BYPASS_COOKIE } from '../bypass/bypass-cookie';
import { compileClientIpResolver, compileHttpsCheck, ClientIpResolver } from '../bypass/client-ip';
import { compileIpMatcher, IpMatcher } from '../bypass/ip-matcher';
import { compilePathMatcher, PathMatcher } from '../bypass/path-matcher';
import { compileSecretMatcher, SecretMatcher } from '../bypass/secret-matcher';
import { MAINTENANCE_BYPASS_HEADER, MAINTENANCE_DEFAULTS } from '../maintenance.constants';
import { MAX_TIMER_MS } from '../maintenance.internal-constants';
import { optionError } from '../maintenance.messages';
import {
  MaintenanceAdminOptions,
  MaintenanceBypassOptions,
  MaintenanceModuleOptions,
  MaintenancePageData,
} from '../interfaces/maintenance-module-options.interface';
import { AdapterRequest } from '../interfaces/adapter-request.type';
import { MaintenanceScopeDefinition } from '../interfaces/maintenance-scope.interface';
import { isScopeName, SCOPE_NAME_TEXT } from '../utils/scope-name';
import { isLanguageTag, LANGUAGE_TAG_TEXT } from '../utils/language-tag';
import { LivePageLink } from './live-page-link';
import { createLocaleChooser } from '../i18n/choose-locale';
import { checkWebhookUrl } from '../notify/webhook-delivery';
import { checkWebhookSecret } from '../notify/webhook-signature';
import { createHash } from 'node:crypto';
import { loadPromClient, MaintenanceMetrics, MetricsRegistry } from '../metrics/maintenance-metrics';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MAINTENANCE_LOCALES, textsFor } from '../i18n/maintenance-texts';

/** How the `scopes` option selects a scope's requests by path and host (compiled once with the options). */
export interface MaintenanceScopeSelector {
  /** Whether the path (with prefix, without query string) is the scope's; null when it names no path. */
  readonly matchesPath: ((path: string) => boolean) | null;
  /** Lower-case host names without port; null when it names no host. */
  readonly hosts: ReadonlySet<string> | null;
}

/** Scope selectors by name (the resolved `scopes` option). */
export type MaintenanceScopeSelectors = ReadonlyMap<string, MaintenanceScopeSelector>;

/** Options after validation, with every matcher compiled once at start-up. */
export interface ResolvedMaintenanceOptions {
  refreshIntervalMs: number;
  retryAfterSeconds: number;
  noticeMs: number;
  /** The message of full maintenance when the window sets none, in the first of `locales`. */
  defaultMessage: string;
  /** The same for read-only maintenance. */
  readOnlyMessage: string;
  /** The languages offered to visitors, the first the fallback. */
  locales: readonly string[];
  /** The best of `locales` for an `Accept-Language` header (memoised per header). */
  chooseLocale: (acceptLanguage: unknown) => string;
  /** The message a window without one shows, per mode and language: the app's own when it set one, else the built-in text. */
  defaultMessageFor: (mode: MaintenanceMode, locale: string) => string;
  readOnlyStatusCode: number;
  readOnlyMethods: ReadonlySet<string>;
  /** `readOnly.guardDatabase`: refuse writes at the database while a mode is in force. */
  guardDatabase: boolean;
  bypassHeader: string;
  matchesPath: PathMatcher;
  matchesIp: IpMatcher;
  matchesSecret: SecretMatcher;
  hasIpBypass: boolean;
  hasSecretBypass: boolean;
  /** The bypass link, when configured. */
  bypassLink: { cookie: BypassCookie; matchesSecret: SecretMatcher; redirectTo: string } | null;
  when: MaintenanceBypassOptions['when'];
  clientIp: ClientIpResolver;
  /** Whether the client reached us over HTTPS (the socket, or `X-Forwarded-Proto` when `trustProxy` is set). */
  isHttps: (request: AdapterRequest) => boolean;
  renderPage?: (data: MaintenancePageData) => string;
  refreshPage: boolean;
  admin: MaintenanceAdminOptions;
  approvalsRequired: number;
  allowSelfApproval: boolean;
  failMode: 'open' | 'closed';
  /** Whether full maintenance also answers URLs no route matches. */
  coverAllRoutes: boolean;
  /** The push channel between instances, or null: polling only. */
  sync: ResolvedSyncOptions | null;
  /** The HMAC key of the audit hash chain, or undefined: plain SHA-256. */
  auditKey: string | undefined;
  jobs: ResolvedJobsOptions;
  /** Heartbeats, or null when `fleet: false`. */
  fleet: { heartbeatIntervalMs: number; instanceName: string } | null;
  /** How the `scopes` option selects requests by path and host, by scope name. */
  scopes: MaintenanceScopeSelectors;
  /** Who may read `calendar.ics`, or false: not mounted. */
  calendar: 'public' | 'admin' | false;
  /** The live stream's limits, or null when `stream: false`. */
  stream: { maxConnections: number; heartbeatMs: number } | null;
  /** Where the page finds the live stream (filled in by the stream service). */
  live: LivePageLink;
  /** Webhooks and how they are delivered, or null when there are none. */
  notify: ResolvedNotifyOptions | null;
  /** Whether the admin console is served (`console` option). */
  console: boolean;
  /** The metrics' counters (the request path increments them), or null when `metrics` is off. */
  metrics: BoundMaintenanceMetrics | null;
}

/** The metrics with the state they read bound later (by the module, once the state service exists). */
export interface BoundMaintenanceMetrics {
  readonly counters: MaintenanceMetrics;
  readonly registry: MetricsRegistry;
  /** Tells the metrics where the state in force is read from. */
  bind(readState: () => MaintenanceState, readPlanned: (scope: string | null) => boolean): void;
}

/** A webhook with its defaults filled in. */
export interface ResolvedWebhook {
  name: string;
  url: string;
  secret: string | null;
  events: ReadonlySet<string>;
  format: 'json' | 'slack';
}

/** `notify` with its defaults filled in. */
export interface ResolvedNotifyOptions {
  webhooks: readonly ResolvedWebhook[];
  pollIntervalMs: number;
  timeoutMs: number;
  /** How long an instance holds a webhook while delivering: a crashed holder's events go on after this. */
  leaseMs: number;
  retry: { firstDelayMs: number; maxDelayMs: number };
}

/** `jobs` with its defaults filled in. */
export interface ResolvedJobsOptions {
  /** Modes in which every scheduled handler pauses, or null: only decorated ones. */
  pauseScheduled: readonly MaintenanceMode[] | null;
  /** Workers to pause, or null. */
  bullmq: { queues: ReadonlySet<string> | 'all'; modes: readonly MaintenanceMode[] } | null;
  drainTimeoutMs: number;
}

/** `sync` with its defaults filled in. */
export type ResolvedSyncOptions = { type: 'postgres'; channel: string } | { type: 'redis'; url: string; channel: string };

const KNOWN_METHODS = new Set(METHODS);

/** Validates the options and compiles matchers. Throws an error naming the bad option. */
export function resolveMaintenanceOptions(options: MaintenanceModuleOptions = {}): ResolvedMaintenanceOptions {
  const bypass = options.bypass ?? {};
  const readOnly = options.readOnly ?? {};
  const methods = (readOnly.allowedMethods ?? MAINTENANCE_DEFAULTS.readOnlyMethods).map((method, index) => {
    const upper = typeof method === 'string' ? method.toUpperCase() : '';
    if (!KNOWN_METHODS.has(upper)) throw optionError(`readOnly.allowedMethods[${index}]`, `"${String(method)}" is not an HTTP method`);
    return upper;
  });
  const readOnlyStatusCode = readOnly.statusCode ?? MAINTENANCE_DEFAULTS.readOnlyStatusCode;
  if (!Number.isInteger(readOnlyStatusCode) || readOnlyStatusCode < 400 || readOnlyStatusCode > 599) {
    throw optionError('readOnly.statusCode', 'must be an HTTP error status (400-599)');
  }
  if (bypass.when !== undefined && typeof bypass.when !== 'function') throw optionError('bypass.when', 'must be a function');
  const header = (bypass.header ?? MAINTENANCE_BYPASS_HEADER).toLowerCase();
  if (!/^[a-z0-9-]+$/.test(header)) throw optionError('bypass.header', `"${header}" is not a header name`);
  const locales = resolveLocales(options.locales);
  const customMessages = { full: options.defaultMessage, 'read-only': readOnly.message };
  for (const [option, value] of [
    ['defaultMessage', options.defaultMessage],
    ['readOnly.message', readOnly.message],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) throw optionError(option, 'must be a non-empty string');
  }
  const defaultMessageFor = (mode: MaintenanceMode, locale: string): string =>
    customMessages[mode] ?? (mode === 'full' ? textsFor(locale).fullMessage : textsFor(locale).readOnlyMessage);
  const failMode = options.failMode ?? 'open';
  if (failMode !== 'open' && failMode !== 'closed') throw optionError('failMode', 'must be "open" or "closed"');
  if (options.renderPage !== undefined && typeof options.renderPage !== 'function') throw optionError('renderPage', 'must be a function');

  return {
    refreshIntervalMs: positiveInteger('refreshIntervalMs', options.refreshIntervalMs, MAINTENANCE_DEFAULTS.refreshIntervalMs, 1, MAX_TIMER_MS),
    retryAfterSeconds: positiveInteger('retryAfterSeconds', options.retryAfterSeconds, MAINTENANCE_DEFAULTS.retryAfterSeconds, 0),
    noticeMs: positiveInteger('noticeMinutes', options.noticeMinutes, MAINTENANCE_DEFAULTS.noticeMinutes, 0) * 60_000,
    defaultMessage: defaultMessageFor('full', locales[0]),
    readOnlyMessage: defaultMessageFor('read-only', locales[0]),
    locales,
    chooseLocale: createLocaleChooser(locales, locales[0]),
    defaultMessageFor,
    readOnlyStatusCode,
    readOnlyMethods: new Set(methods),
    guardDatabase: booleanOption('readOnly.guardDatabase', readOnly.guardDatabase),
    bypassHeader: header,
    matchesPath: compilePathMatcher(bypass.paths),
    matchesIp: compileIpMatcher(bypass.ips),
    matchesSecret: compileSecretMatcher(bypass.secret),
    hasIpBypass: (bypass.ips?.length ?? 0) > 0,
    hasSecretBypass: bypass.secret !== undefined,
    bypassLink: resolveBypassLink(bypass.link),
    // The app's predicate, called as a plain function as documented.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    when: bypass.when,
    clientIp: compileClientIpResolver(options.trustProxy),
    isHttps: compileHttpsCheck(options.trustProxy),
    renderPage: options.renderPage,
    refreshPage: booleanOption('refreshPage', options.refreshPage),
    admin: options.admin ?? {},
    approvalsRequired: positiveInteger('approvals.required', options.approvals?.required, MAINTENANCE_DEFAULTS.approvalsRequired, 0),
    allowSelfApproval: options.approvals?.allowSelfApproval ?? false,
    failMode,
    coverAllRoutes: booleanOption('coverAllRoutes', options.coverAllRoutes),
    sync: resolveSync(options.sync),
    auditKey: resolveAuditKey(options.audit),
    jobs: resolveJobs(options.jobs),
    fleet: resolveFleet(options.fleet),
    scopes: resolveScopes(options.scopes),
    calendar: resolveCalendar(options.calendar),
    stream: resolveStream(options.stream),
    live: new LivePageLink(),
    notify: resolveNotify(options.notify),
    metrics: resolveMetrics(options.metrics),
    console: options.console === undefined ? true : booleanOption('console', options.console),
  };
}

function resolveScopes(scopes: MaintenanceModuleOptions['scopes']): MaintenanceScopeSelectors {
  const selectors = new Map<string, MaintenanceScopeSelector>();
  if (scopes === undefined) return selectors;
  if (typeof scopes !== 'object' || scopes === null || Array.isArray(scopes)) throw optionError('scopes', 'must be an object of scope definitions by name');
  for (const [name, definition] of Object.entries(scopes) as [string, MaintenanceScopeDefinition | undefined][]) {
    if (!isScopeName(name)) throw optionError(`scopes.${String(name)}`, `"${String(name)}" is not a scope name (${SCOPE_NAME_TEXT})`);
    if (typeof definition !== 'object' || definition === null) throw optionError(`scopes.${name}`, 'must be an object with paths and/or hosts');
    const { paths, hosts } = definition;
    if (hosts !== undefined && (!Array.isArray(hosts) || hosts.some((host) => typeof host !== 'string' || !/^[A-Za-z0-9.-]+$/.test(host)))) {
      throw optionError(`scopes.${name}.hosts`, 'must be a list of host names (no port, no scheme)');
    }
    selectors.set(name, {
      matchesPath: paths === undefined || paths.length === 0 ? null : compilePathMatcher(paths, `scopes.${name}.paths`),
      hosts: hosts === undefined || hosts.length === 0 ? null : new Set(hosts.map((host) => host.toLowerCase())),
    });
  }
  return selectors;
}

const NOTHING_IN_FORCE: MaintenanceState = Object.freeze({ mode: 'off', message: null, since: null, until: null, upcoming: [], scopes: [] });

function resolveMetrics(metrics: MaintenanceModuleOptions['metrics']): BoundMaintenanceMetrics | null {
  if (metrics === undefined || metrics === false) return null;
  if (metrics !== true && (typeof metrics !== 'object' || metrics === null)) throw optionError('metrics', 'must be true, false or { registry?, prefix? }');
  const settings = metrics === true ? {} : metrics;
  // Fails here, at forRoot, when prom-client is not installed.
  const promClient = loadPromClient();
  const registry = (settings.registry ?? promClient.register) as MetricsRegistry;
  if (typeof (registry as { registerMetric?: unknown }).registerMetric !== 'function') throw optionError('metrics.registry', 'must be a prom-client Registry');
  let readState: () => MaintenanceState = () => NOTHING_IN_FORCE;
  let readPlanned: (scope: string | null) => boolean = () => false;
  const counters = new MaintenanceMetrics(
    { prefix: settings.prefix },
    () => readState(),
    (scope) => readPlanned(scope),
  );
  return {
    counters,
    registry,
    bind(state, planned) {
      readState = state;
      readPlanned = planned;
    },
  };
}

const EVENT_TYPES: readonly string[] = ['requested', 'approved', 'rejected', 'activated', 'completed', 'cancelled', 'toggled', 'updated'];

function resolveNotify(notify: MaintenanceModuleOptions['notify']): ResolvedNotifyOptions | null {
  if (notify === undefined || notify.webhooks === undefined || notify.webhooks.length === 0) return null;
  if (!Array.isArray(notify.webhooks)) throw optionError('notify.webhooks', 'must be a list of { url, secret, events?, format?, name? }');
  const names = new Set<string>();
  const webhooks = notify.webhooks.map((webhook, index): ResolvedWebhook => {
    const at = `notify.webhooks[${index}]`;
    if (typeof webhook !== 'object' || webhook === null) throw optionError(at, 'must be an object with url and secret');
    const urlProblem = typeof webhook.url === 'string' ? checkWebhookUrl(webhook.url) : 'must be a URL';
    if (urlProblem) throw optionError(`${at}.url`, urlProblem);
    const format = webhook.format ?? 'json';
    if (format !== 'json' && format !== 'slack') throw optionError(`${at}.format`, 'must be "json" or "slack"');
    if (webhook.secret !== undefined || format === 'json') {
      const secretProblem = checkWebhookSecret(webhook.secret);
      if (secretProblem) throw optionError(`${at}.secret`, secretProblem);
    }
    const events = webhook.events ?? EVENT_TYPES;
    if (!Array.isArray(events) || events.length === 0 || events.some((event) => !EVENT_TYPES.includes(event))) {
      throw optionError(`${at}.events`, `must be a non-empty list of ${EVENT_TYPES.map((type) => `"${type}"`).join(', ')}`);
    }
    const name = webhook.name ?? defaultWebhookName(webhook.url);
    if (typeof name !== 'string' || name.length === 0 || name.length > 191) throw optionError(`${at}.name`, 'must be a string of 1 to 191 characters');
    if (names.has(name)) throw optionError(`${at}.name`, `"${name}" names another webhook too: give each its own name`);
    names.add(name);
    return { name, url: webhook.url, secret: webhook.secret ?? null, events: new Set(events), format };
  });
  const timeoutMs = positiveInteger('notify.timeoutMs', notify.timeoutMs, 10_000, 100, 300_000);
  const firstDelayMs = positiveInteger('notify.retry.firstDelayMs', notify.retry?.firstDelayMs, 5000, 1, MAX_TIMER_MS);
  return {
    webhooks,
    pollIntervalMs: positiveInteger('notify.pollIntervalMs', notify.pollIntervalMs, 1000, 10, MAX_TIMER_MS),
    timeoutMs,
    // Longer than any one delivery can take, with room for the bookkeeping around it.
    leaseMs: timeoutMs + 5000,
    retry: { firstDelayMs, maxDelayMs: positiveInteger('notify.retry.maxDelayMs', notify.retry?.maxDelayMs, 3_600_000, firstDelayMs, MAX_TIMER_MS) },
  };
}

/** The URL's host and a digest of the whole URL: readable, and no secret of the URL (a Slack token, say) is stored. */
function defaultWebhookName(url: string): string {
  return `${new URL(url).host}#${createHash('sha256').update(url).digest('hex').slice(0, 8)}`;
}

function resolveLocales(locales: MaintenanceModuleOptions['locales']): readonly string[] {
  if (locales === undefined) return MAINTENANCE_LOCALES;
  if (!Array.isArray(locales) || locales.length === 0) throw optionError('locales', 'must be a non-empty list of language tags, e.g. ["en", "de"]');
  locales.forEach((locale, index) => {
    if (!isLanguageTag(locale)) throw optionError(`locales[${index}]`, `"${String(locale)}" is not ${LANGUAGE_TAG_TEXT}`);
  });
  return [...new Set(locales)];
}

function resolveStream(stream: MaintenanceModuleOptions['stream']): ResolvedMaintenanceOptions['stream'] {
  if (stream === false) return null;
  if (stream !== undefined && (typeof stream !== 'object' || stream === null)) throw optionError('stream', 'must be false or an object');
  return {
    maxConnections: positiveInteger('stream.maxConnections', stream?.maxConnections, 10_000, 1),
    heartbeatMs: positiveInteger('stream.heartbeatSeconds', stream?.heartbeatSeconds, 25, 1, 3600) * 1000,
  };
}

function resolveCalendar(calendar: MaintenanceModuleOptions['calendar']): ResolvedMaintenanceOptions['calendar'] {
  if (calendar === undefined) return 'public';
  if (calendar !== 'public' && calendar !== 'admin' && calendar !== false) throw optionError('calendar', 'must be "public", "admin" or false');
  return calendar;
}

function resolveJobs(jobs: MaintenanceModuleOptions['jobs'] = {}): ResolvedJobsOptions {
  const scheduled = jobs.pauseScheduled ?? false;
  const pauseScheduled = scheduled === true ? (['full'] as const) : scheduled === false ? null : modesOption('jobs.pauseScheduled', scheduled);
  let bullmq: ResolvedJobsOptions['bullmq'] = null;
  if (jobs.bullmq !== undefined) {
    const queues = jobs.bullmq.queues;
    if (queues !== true && (!Array.isArray(queues) || queues.some((queue) => typeof queue !== 'string' || queue.length === 0))) {
      throw optionError('jobs.bullmq.queues', 'must be true or a list of queue names');
    }
    bullmq = { queues: queues === true ? 'all' : new Set(queues), modes: modesOption('jobs.bullmq.modes', jobs.bullmq.modes ?? [...MAINTENANCE_MODES]) };
  }
  return { pauseScheduled, bullmq, drainTimeoutMs: positiveInteger('jobs.drainTimeoutMs', jobs.drainTimeoutMs, 30_000, 0, MAX_TIMER_MS) };
}

function resolveFleet(fleet: MaintenanceModuleOptions['fleet']): ResolvedMaintenanceOptions['fleet'] {
  if (fleet === false) return null;
  const heartbeatIntervalMs = positiveInteger('fleet.heartbeatIntervalMs', fleet?.heartbeatIntervalMs, 5000, 100, MAX_TIMER_MS);
  const instanceName = fleet?.instanceName ?? `${hostname()}:${process.pid}`;
  if (typeof instanceName !== 'string' || instanceName.length === 0 || instanceName.length > 200) {
    throw optionError('fleet.instanceName', 'must be a string of 1 to 200 characters');
  }
  return { heartbeatIntervalMs, instanceName };
}

/** A non-empty list of known modes, without repeats. */
function modesOption(option: string, modes: unknown): readonly MaintenanceMode[] {
  if (!Array.isArray(modes) || modes.length === 0 || modes.some((mode) => !MAINTENANCE_MODES.includes(mode as MaintenanceMode))) {
    throw optionError(option, `must be a non-empty list of modes (${MAINTENANCE_MODES.map((mode) => `"${mode}"`).join(', ')})`);
  }
  return [...new Set(modes as MaintenanceMode[])];
}

function booleanOption(option: string, value: boolean | undefined): boolean {
  if (value !== undefined && typeof value !== 'boolean') throw optionError(option, 'must be true or false');
  return value ?? false;
}

function resolveSync(sync: MaintenanceModuleOptions['sync']): ResolvedSyncOptions | null {
  // Any falsy value means no push channel, as before (`sync: redisUrl && { type: 'redis', url: redisUrl }`).
  if (!sync) return null;
  const channel = sync.channel ?? MAINTENANCE_DEFAULTS.syncChannel;
  if (typeof channel !== 'string' || channel.length === 0) throw optionError('sync.channel', 'must be a non-empty string');
  if (sync.type === 'postgres') {
    // LISTEN takes an identifier, not a parameter: only names that need no quoting.
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw optionError('sync.channel', `"${channel}" must be a lower-case identifier`);
    return { type: 'postgres', channel };
  }
  if (sync.type === 'redis') {
    const url = sync.url ?? MAINTENANCE_DEFAULTS.redisUrl;
    // Whatever ioredis takes as its first argument (a redis:// or rediss:// URL, a socket path): it says what is wrong.
    if (typeof url !== 'string' || url.length === 0) throw optionError('sync.url', 'must be a non-empty string (a redis:// URL)');
    return { type: 'redis', url, channel };
  }
  throw optionError('sync.type', `must be "postgres" or "redis", got ${JSON.stringify((sync as { type?: unknown }).type) ?? 'nothing'}`);
}

function resolveAuditKey(audit: MaintenanceModuleOptions['audit']): string | undefined {
  const key = audit?.key;
  if (key !== undefined && typeof key !== 'string') throw optionError('audit.key', 'must be a string');
  // An empty key (an unset environment variable) means no key, as it always has: plain SHA-256.
  return key || undefined;
}

function resolveBypassLink(link: MaintenanceBypassOptions['link']): ResolvedMaintenanceOptions['bypassLink'] {
  if (link === undefined) return null;
  const matchesSecret = compileSecretMatcher(link?.secret, 'bypass.link.secret');
  const maxAgeSeconds = positiveInteger('bypass.link.maxAgeSeconds', link.maxAgeSeconds, 43_200, 1);
  const cookieName = link.cookieName ?? MAINTENANCE_BYPASS_COOKIE;
  if (!/^[A-Za-z0-9_-]+$/.test(cookieName)) throw optionError('bypass.link.cookieName', `"${cookieName}" is not a cookie name`);
  const redirectTo = link.redirectTo ?? '/';
  // Only local paths: a configurable absolute URL here would be an open redirect.
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  if (!/^\/(?![/\\])[^\x00-\x1f\\]*$/.test(redirectTo))
    throw optionError('bypass.link.redirectTo', `"${redirectTo}" must be a path starting with a single "/"`);
  return { cookie: createBypassCookie(link.secret, cookieName, maxAgeSeconds), matchesSecret, redirectTo };
}

function positiveInteger(option: string, value: number | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw optionError(option, `must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}
