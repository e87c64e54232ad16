/** Every message the module shows to clients, operators and developers, in one place. */
export const MESSAGES = {
  adminClosed: 'The maintenance admin API is not enabled on this server.',
  adminClosedWarning:
    'MaintenanceModule: options.admin.authorize is not configured, so every admin route but GET status answers 403. ' +
    'Pass admin: { authorize: (req, action) => ..., actor: (req) => ... } to open it.',
  adminForbidden: (action: string) => `You are not allowed to ${action} maintenance.`,
  noActor: 'This request does not say who is making it: sign in, or send the credentials this server expects, and try again.',
  noActorWarning: (action: string) =>
    `MaintenanceModule: options.admin.actor returned no name for a request to ${action} maintenance, so it was answered 401. ` +
    'That is right for a client that is not signed in; if admins get it, make actor(req) return their name (logged once).',
  windowNotFound: (id: string) => `Maintenance window ${id} does not exist.`,
  selfApproval: 'You requested this window; someone else must approve it (four-eyes rule).',
  alreadyDecided: 'You have already approved or rejected this window.',
  notPending: (status: string) => `The window is ${status}; only a pending window can be approved or rejected.`,
  expired: 'The window ended before it was approved; it can no longer be approved. Request a new one.',
  notCancellable: (status: string) => `The window is ${status}; only a pending, approved or active window can be cancelled.`,
  notEditable: (status: string) => `The window is ${status}; only a pending, approved or active window can be changed.`,
  activeShapeFixed: (fields: readonly string[]) =>
    `The window is in force; its ${fields.join(', ')} cannot change now (only endsAt and message can). ` +
    'End it, or cancel the occurrence, and request another.',
  emergencyShapeFixed: (fields: readonly string[]) => `An emergency window's ${fields.join(', ')} cannot change; toggle again instead.`,
  nothingToChange: 'Give at least one field to change: endsAt, message, translations, mode, scope, startsAt, exemptions or recurrence.',
  unknownScope: (scope: string, known: readonly string[]) =>
    `scope "${scope}" selects no route: no route has @MaintenanceScope("${scope}") and the scopes option does not define it` +
    (known.length > 0 ? ` (known: ${known.join(', ')})` : ''),
  notRecurring: 'occurrence can only be given for a recurring window',
  notAnOccurrence: (at: string) => `occurrence ${at} is not the start of an occurrence of this window that has not ended yet`,
  streamFull: 'This server has as many live streams open as it allows (stream.maxConnections); try again later, or read GET status.',
  webhooksTableMissing:
    'MaintenanceModule: the maintenance_webhooks table is missing, so webhooks are not delivered yet (their events wait in the ' +
    'audit log): run the module\'s migrations (MaintenanceNotifications1798848000000 adds it). README: "Migrations".',
  fleetUnavailable: 'The maintenance database is unavailable; the fleet cannot be read. Try again when it is back.',
  databaseUnavailable: 'The maintenance database is unavailable; the change was not made. Try again when it is back.',
  schemaMissing: (missing: readonly string[], outdated: readonly string[] = []) =>
    'MaintenanceModule: ' +
    (missing.length > 0
      ? `the table${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'do' : 'does'} not exist in the database. `
      : '') +
    (outdated.length > 0 || missing.length === 0
      ? `the table${outdated.length === 1 ? '' : 's'} ${outdated.length > 0 ? outdated.join(', ') : 'of the module'} lack${outdated.length === 1 ? 's' : ''} columns of this version of the module. `
      : '') +
    'This is not an outage: until the schema is there, maintenance cannot be switched on or recorded, and requests are ' +
    "answered as before the state was first read (served, or as full maintenance with failMode: 'closed'). " +
    "Create them with the module's migrations (add ...MAINTENANCE_MIGRATIONS to your DataSource's migrations, then " +
    '`typeorm migration:run` or migrationsRun: true), or in development let TypeORM create them with synchronize: true. ' +
    'README: "Migrations".',
  entitiesNotRegistered:
    'MaintenanceModule: the TypeORM DataSource does not know the maintenance entities, so maintenance cannot be switched on. ' +
    'Set autoLoadEntities: true in TypeOrmModule.forRoot(), or add ...MAINTENANCE_ENTITIES to its entities.',
  schemaReady: 'The maintenance tables are there now; maintenance works.',
  schemaMissingLog: (detail: string) => `Maintenance admin call answered 500: the maintenance schema is missing or out of date (${detail}).`,
  schemaMissingAnswer:
    "The maintenance tables are missing from this server's database, so nothing was read or changed. " +
    "The server's operators must run the maintenance migrations.",
  invalidCursor: 'cursor is not a cursor returned by this endpoint.',
  fleetTableMissing:
    'The maintenance_instances table is missing, so no instance can report to the fleet and nothing can wait for it: ' +
    "run the module's migrations (MaintenanceFleet1780272000000 adds it). Switching maintenance on and off works without it. " +
    'README: "Migrations".',
  writeRefused: (mode: string) =>
    `Write refused at the database: maintenance is in ${mode} mode. If this write must go on during maintenance, run it ` +
    'in allowWrites(() => ...) or from a route with @BypassMaintenance() (README: "Refusing writes at the database").',
} as const;

/**
 * A bad option of `MaintenanceModule.forRoot()` (or of the CLI's module settings), thrown at start-up before
 * anything connects. `option` is the option's path, e.g. `bypass.ips[2]`.
 * @publicApi
 */
export class MaintenanceOptionsError extends Error {
  override readonly name = 'MaintenanceOptionsError';

  constructor(
    readonly option: string,
    readonly problem: string,
  ) {
    super(`MaintenanceModule: invalid option ${option}: ${problem}`);
  }
}

/** Builds the start-up error for a bad option, naming it and saying how to fix it. */
export function optionError(option: string, problem: string): MaintenanceOptionsError {
  return new MaintenanceOptionsError(option, problem);
}
