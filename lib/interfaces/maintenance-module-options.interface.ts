import { MaintenanceEventType } from './maintenance-event.interface';
import { ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { MaintenanceScopeDefinition } from './maintenance-scope.interface';
import { MaintenanceAction, MaintenanceMode } from './maintenance-mode.type';

/**
 * The HTTP request handed to `bypass.when`, `admin.authorize` and `admin.actor`: the adapter's own request
 * (an Express `Request`, a Fastify `FastifyRequest`), typed by what every adapter has. Decide from its
 * headers: the module's global guard runs before your authentication guards.
 *
 * To read what your own code puts on the request, name your type in the callback; the callbacks are
 * declared as methods, so a narrower request type is accepted:
 * @example
 * interface SignedInRequest extends MaintenanceRequest { user?: { roles: string[] } }
 * MaintenanceModule.forRoot({
 *   guard: 'manual',
 *   bypass: { when: (req: SignedInRequest) => req.user?.roles.includes('superuser') ?? false },
 * });
 * @publicApi
 */
export interface MaintenanceRequest {
  /** The HTTP method, upper case (`GET`, `POST`). */
  readonly method?: string;
  /** The request target as received (path and query string). */
  readonly url?: string;
  /** The request headers, names in lower case (Node's `IncomingHttpHeaders`). */
  readonly headers: IncomingHttpHeaders;
  /** The client address as the adapter reports it (the module's IP bypass applies `trustProxy` itself). */
  readonly ip?: string;
  /** What an authentication guard that ran first set (with `guard: 'manual'`); `undefined` otherwise. */
  readonly user?: unknown;
}

/** A bypass predicate's answer. @publicApi */
export type MaybePromise<T> = T | Promise<T>;

/** What a custom maintenance page receives. @publicApi */
export interface MaintenancePageData {
  mode: MaintenanceMode;
  statusCode: number;
  /** The message, NOT escaped: escape it when you put it in HTML. */
  message: string;
  /** ISO end of the window in force, or `null`. */
  until: string | null;
  /** Seconds a client should wait before retrying (full mode), or `null`. */
  retryAfterSeconds: number | null;
  /**
   * For a refused write (read-only mode): where a "go back" link should point, a path on this site (the page
   * the visitor came from, else `/`). Not escaped. Absent in full mode.
   */
  backUrl?: string | null;
  /**
   * With `refreshPage: true`, in full mode: reload the page after this many seconds (the end of the window in
   * force, as `Retry-After`), e.g. with `<meta http-equiv="refresh">`. Absent otherwise.
   */
  refreshAfterSeconds?: number | null;
  /**
   * Language of the page, a BCP 47 tag such as `de` or `de-CH` (e.g. chosen from the request's
   * `Accept-Language`). The default page uses the built-in texts of its language (`de-CH` gets German) and
   * puts the tag in `<html lang>`; absent or a language without texts, it is in English. Not escaped.
   */
  locale?: string;
  /**
   * The live stream's URL when the page can follow it (full maintenance, `stream` on): the default page then reloads
   * itself as soon as the state differs from `stateId`, instead of polling. Null or absent otherwise.
   */
  streamUrl?: string | null;
  /** The id of the state the page shows, as the live stream names it (`id:` of its events). */
  stateId?: string;
}

/** Ways to let a request through while maintenance is on. @publicApi */
export interface MaintenanceBypassOptions {
  /**
   * Paths that are never blocked: exact strings (`/health`), globs (`/public/**`) or RegExps. Matched against
   * the request path including any global prefix, without the query string.
   */
  paths?: (string | RegExp)[];
  /** Client addresses or CIDR ranges, IPv4 and IPv6 (`10.0.0.0/8`, `::1`). */
  ips?: string[];
  /** A shared secret; a request carrying it in the bypass header passes. Compared in constant time. */
  secret?: string;
  /** Header that carries the secret. Default `x-maintenance-bypass`. */
  header?: string;
  /**
   * A bypass link for browsers, which cannot send a header (as Laravel's): `GET <adminPath>/bypass/<secret>`
   * sets a signed, HttpOnly, SameSite=Lax cookie and redirects; the cookie then bypasses maintenance until
   * it expires. Failed attempts are rate-limited per client.
   */
  link?: {
    /** At least 16 characters. It appears in URLs (and so in access logs): rotate it after use. */
    secret: string;
    /** Lifetime of the cookie in seconds. Default 43200 (12 hours). */
    maxAgeSeconds?: number;
    /** Cookie name. Default `nestjs_maintenance_bypass`. */
    cookieName?: string;
    /** Where to send the visitor. Default `/`. */
    redirectTo?: string;
  };
  /**
   * A predicate for superusers and roles. It runs in the global guard, BEFORE route guards, so `req.user`
   * is usually not set yet: decode the token from the raw request (headers, cookies) yourself. `context` is
   * `undefined` where there is none: with `guard: 'fastify-hook'`, and for unmatched routes (`coverAllRoutes`).
   */
  when?(request: MaintenanceRequest, context: ExecutionContext | undefined): MaybePromise<boolean>;
}

/** Who may use the admin API and under which name. @publicApi */
export interface MaintenanceAdminOptions {
  /**
   * Decides whether the request may perform `action`. Without it every admin route but `status`
   * answers 403 (closed by default).
   */
  authorize?(request: MaintenanceRequest, action: MaintenanceAction): MaybePromise<boolean>;
  /** Names who is acting (written into windows, approvals and the audit log). No name: 401. */
  actor?(request: MaintenanceRequest): MaybePromise<string | null | undefined>;
}

/**
 * A push channel that carries changes to the other instances at once (polling stays on as the fallback).
 * @publicApi
 */
export type MaintenanceSyncOptions =
  | {
      /** PostgreSQL `LISTEN/NOTIFY` on the module's own DataSource (one extra connection per instance). */
      type: 'postgres';
      /** Channel name. Default `nestjs_maintenance`. */
      channel?: string;
    }
  | {
      /** Redis pub/sub (needs the optional peer `ioredis`). */
      type: 'redis';
      /** Redis URL. Default `redis://127.0.0.1:6379`. */
      url?: string;
      /** Channel name. Default `nestjs_maintenance`. */
      channel?: string;
    };

/** Options of `MaintenanceModule.forRoot()` / `forRootAsync()`. Every field is optional. @publicApi */
export interface MaintenanceModuleOptions {
  /** How often the state reloads from the database, in ms. Default 1000. */
  refreshIntervalMs?: number;
  /** `Retry-After` in seconds when the window in force has no end. Default 300. */
  retryAfterSeconds?: number;
  /** How long before an approved window starts it is announced, in minutes. Default 60. */
  noticeMinutes?: number;
  /** Message used when a window has none. */
  defaultMessage?: string;
  /** Read-only mode tuning. */
  readOnly?: {
    /** Methods that pass in read-only mode. Default `GET`, `HEAD`, `OPTIONS`. */
    allowedMethods?: string[];
    /** Status for refused writes. Default 403. */
    statusCode?: number;
    /** Message for refused writes. */
    message?: string;
    /**
     * Also refuse writes at the database: while read-only or full mode is in force, a statement that writes through
     * the module's TypeORM DataSource (a GET handler that records "last seen", a job that was not paused, a WebSocket
     * handler) fails with `MaintenanceWriteRefusedException` instead of running. Bypassed requests, `allowWrites(fn)`
     * and the module's own tables may write. Nothing is checked while no mode is in force. Default false. README:
     * "Refusing writes at the database".
     */
    guardDatabase?: boolean;
  };
  /** Bypasses. */
  bypass?: MaintenanceBypassOptions;
  /**
   * Which client address counts: by default the socket's. `true` trusts every proxy (left-most
   * `X-Forwarded-For`), a number trusts that many hops, a list trusts those addresses/CIDRs (as Express does).
   */
  trustProxy?: boolean | number | string[];
  /** Replace the HTML page shown to browsers. Return a full HTML document. */
  renderPage?: (data: MaintenancePageData) => string;
  /**
   * The page shown to browsers in full maintenance reloads itself when the window in force ends (after
   * `Retry-After` seconds), as Laravel's `down --refresh`, so visitors are let back in without pressing reload.
   * Off by default.
   */
  refreshPage?: boolean;
  /** Admin API access. */
  admin?: MaintenanceAdminOptions;
  /** Four-eyes settings. */
  approvals?: {
    /** Distinct approvers needed. Default 1; 0 approves requests at once. */
    required?: number;
    /** Whether the requester may approve their own window. Default false. */
    allowSelfApproval?: boolean;
  };
  /**
   * What an instance does while it has never read the state (database down at start-up):
   * `open` serves normally (default), `closed` answers as in full maintenance.
   */
  failMode?: 'open' | 'closed';
  /**
   * Full maintenance also answers 503 for requests no route matches (404s), which guards never see.
   * Off by default. Static files served before Nest's router (e.g. `useStaticAssets` on Express) are not covered.
   */
  coverAllRoutes?: boolean;
  /** Push channel between instances; without it, instances learn of changes by polling. */
  sync?: MaintenanceSyncOptions;
  /** Audit log settings. */
  audit?: {
    /** With a key the hash chain is an HMAC: someone who can write the table cannot rebuild it. */
    key?: string;
  };
  /** Background work that pauses during maintenance: scheduled handlers, BullMQ workers. See README "Background work". */
  jobs?: MaintenanceJobsOptions;
  /**
   * Heartbeats of this instance in the `maintenance_instances` table, which `on --wait` and `GET /maintenance/fleet`
   * read. On by default; `false` turns them off (the instance is then invisible to `--wait`).
   */
  fleet?: false | MaintenanceFleetOptions;
  /**
   * Scopes that select routes by path or host, by name: a window or toggle that names the scope covers those requests
   * (and the routes tagged `@MaintenanceScope(name)`). A scope used only through the decorator needs no entry.
   */
  scopes?: Record<string, MaintenanceScopeDefinition>;
  /**
   * `GET <adminPath>/calendar.ics`, the approved upcoming windows and occurrences as an iCalendar feed. `'public'`
   * (default) serves it to anyone (it shows what the status route shows, ahead of time); `'admin'` asks
   * `admin.authorize(request, 'read')`; `false` does not mount it.
   */
  calendar?: 'public' | 'admin' | false;
  /**
   * `GET <adminPath>/stream`, the public state as server-sent events, which the maintenance page also uses to reload
   * itself when maintenance ends. On by default; `false` answers 404 (and the page falls back to `refreshPage`).
   */
  stream?: false | MaintenanceStreamOptions;
  /**
   * The languages the page and the JSON refusals speak, chosen per request from `Accept-Language`; the first is the
   * fallback (and the language of a window's own `message`). Built-in texts exist for `en`, `de`, `fr` and `es`
   * (default: those four); another tag gets English texts unless its windows carry a translation for it.
   */
  locales?: string[];
  /** Webhooks told of every change (see `MaintenanceNotifyOptions`). */
  notify?: MaintenanceNotifyOptions;
  /**
   * Prometheus metrics through `prom-client` (an optional peer: install it): the mode in force per scope (with a
   * `planned` label), requests refused and bypassed, window transitions, propagation lag and webhook deliveries.
   * `true` registers them on prom-client's default registry, which your `/metrics` route already serves. Default off.
   */
  metrics?: boolean | MaintenanceMetricsOptions;
  /**
   * The admin console in the browser at `<adminPath>/console` (mounted with the admin controller): the workflow of the
   * admin API as pages, through the same `admin.authorize` and `admin.actor`. Default true; `false` answers 404.
   */
  console?: boolean;
}

/**
 * Which background work pauses while a mode is in force.
 * @publicApi
 */
export interface MaintenanceJobsOptions {
  /**
   * Every `@Cron`, `@Interval` and `@Timeout` handler of `@nestjs/schedule` skips its runs while one of these modes is in
   * force: `true` means `['full']`. Handlers with `@BypassMaintenance()` keep running; `@PauseDuringMaintenance()` sets a
   * handler's own modes. Default false: only decorated handlers pause.
   */
  pauseScheduled?: boolean | MaintenanceMode[];
  /** `@nestjs/bullmq` workers on this instance that pause while a mode is in force and resume when it ends. */
  bullmq?: {
    /** The queue names whose `@Processor()` workers pause, or `true` for every one. */
    queues: string[] | true;
    /** Default both modes. */
    modes?: MaintenanceMode[];
  };
  /**
   * How long work already running when a mode starts may take to finish before it is reported as overrunning (it is
   * never killed; the instance stays "not drained" until it ends). Default 30 000 ms.
   */
  drainTimeoutMs?: number;
}

/**
 * How this instance reports itself to the fleet.
 * @publicApi
 */
export interface MaintenanceFleetOptions {
  /** How often the heartbeat row is written (also at once after every switch). Default 5 000 ms. */
  heartbeatIntervalMs?: number;
  /** The name shown in the fleet. Default host name and process id. */
  instanceName?: string;
}

/**
 * One webhook: its events are POSTed to `url` in the order they happened, signed per Standard Webhooks
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature` headers; verify with `verifyMaintenanceWebhook`).
 * @publicApi
 */
export interface MaintenanceWebhookOptions {
  /** Where to POST (http: or https:). Not stored: only `name` is. */
  url: string;
  /** The signing key: `whsec_` and base64 (as Standard Webhooks libraries expect), or a string of 16 bytes or more. Required unless `format: 'slack'`. */
  secret?: string;
  /** Which events it gets. Default all of them. */
  events?: MaintenanceEventType[];
  /** `json` (default): the event as JSON. `slack`: a Slack incoming-webhook message (`{ "text": … }`), unsigned unless a secret is given. */
  format?: 'json' | 'slack';
  /** How it is named in the delivery status (and its row in `maintenance_webhooks`). Default: the URL's host and a digest of the URL. Keep it when the URL changes, or the new URL starts from its first event. */
  name?: string;
}

/**
 * Notifications: webhooks delivered from the audit log (the outbox), by exactly one instance at a time, retried with
 * exponential back-off until they succeed.
 * @publicApi
 */
export interface MaintenanceNotifyOptions {
  webhooks?: MaintenanceWebhookOptions[];
  /** How often each instance looks for events to deliver (it also looks at once after a change it hears of). Default 1 000 ms. */
  pollIntervalMs?: number;
  /** How long one delivery may take before it counts as failed. Default 10 000 ms. */
  timeoutMs?: number;
  /** Back-off after failures: the first retry after `firstDelayMs` (default 5 000), doubling up to `maxDelayMs` (default 1 h), ±20 %. */
  retry?: { firstDelayMs?: number; maxDelayMs?: number };
}

/**
 * Where and how the Prometheus metrics are registered.
 * @publicApi
 */
export interface MaintenanceMetricsOptions {
  /** A prom-client `Registry`; default prom-client's global `register`. (Typed loosely so apps without prom-client compile.) */
  registry?: object;
  /** Prepended to every metric name. Default `maintenance_`. */
  prefix?: string;
}

/**
 * Limits of the live stream (`GET <adminPath>/stream`).
 * @publicApi
 */
export interface MaintenanceStreamOptions {
  /** Streams open at once on one instance; a client beyond them gets 429. Default 10 000 (measured in BENCHMARKS.md). */
  maxConnections?: number;
  /** Seconds between heartbeat comments, which keep proxies from closing an idle stream. Default 25. */
  heartbeatSeconds?: number;
}

/**
 * Settings that shape the module itself; also accepted by `forRootAsync` (synchronously).
 * @publicApi
 */
export interface MaintenanceModuleExtras {
  /** Register the module globally. Default true. */
  isGlobal?: boolean;
  /** Path prefix of the status and admin routes. Default `maintenance`. */
  adminPath?: string;
  /** Mount the admin controller (windows, approvals, toggle, audit). Default true. */
  mountAdminController?: boolean;
  /** Mount the public `GET <adminPath>/status` route. Default true. */
  mountStatusRoute?: boolean;
  /** Name of the TypeORM DataSource to use, when the app has several. */
  dataSource?: string;
  /**
   * `global` (default) registers the guard as a global guard. `manual` leaves it to the app, to run it after
   * its own authentication guard (so `bypass.when` sees `req.user`):
   * `providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }, { provide: APP_GUARD, useExisting: MaintenanceGuard }]`.
   *
   * `fastify-hook` (Fastify only) enforces maintenance in an `onRequest` hook of each Nest route instead of a
   * Nest guard, which Nest charges every request of the app for even when maintenance is off (see
   * BENCHMARKS.md). The hook runs after Nest middleware and before body parsing and every guard; `bypass.when`
   * gets no execution context, and GraphQL operations are not judged (use `global` for GraphQL apps).
   */
  guard?: 'global' | 'manual' | 'fastify-hook';
}
