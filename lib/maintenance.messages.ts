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
    'Make actor(req) return the name of the signed-in admin (logged once).',
  windowNotFound: (id: string) => `Maintenance window ${id} does not exist.`,
  selfApproval: 'You requested this window; someone else must approve it (four-eyes rule).',
  alreadyDecided: 'You have already approved or rejected this window.',
  notPending: (status: string) => `The window is ${status}; only a pending window can be approved or rejected.`,
  expired: 'The window ended before it was approved; it can no longer be approved. Request a new one.',
  notCancellable: (status: string) => `The window is ${status}; only a pending, approved or active window can be cancelled.`,
  databaseUnavailable: 'The maintenance database is unavailable; the change was not made. Try again when it is back.',
  schemaMissing: (tables: readonly string[]) =>
    (tables.length > 0
      ? `MaintenanceModule: the table${tables.length > 1 ? 's' : ''} ${tables.join(', ')} ${tables.length > 1 ? 'do' : 'does'} not exist in the database. `
      : 'MaintenanceModule: the maintenance tables do not match this version of the module. ') +
    'This is not an outage: until they exist, maintenance cannot be switched on and requests are served as if it were off. ' +
    "Create them with the module's migrations (add ...MAINTENANCE_MIGRATIONS to your DataSource's migrations, then " +
    "`typeorm migration:run` or migrationsRun: true), or in development let TypeORM create them with synchronize: true. " +
    'README: "Migrations".',
  entitiesNotRegistered:
    'MaintenanceModule: the TypeORM DataSource does not know the maintenance entities, so maintenance cannot be switched on. ' +
    'Set autoLoadEntities: true in TypeOrmModule.forRoot(), or add ...MAINTENANCE_ENTITIES to its entities.',
  schemaReady: 'The maintenance tables are there now; maintenance works.',
  schemaMissingAnswer:
    "The maintenance tables are missing from this server's database, so nothing was read or changed. " +
    "The server's operators must run the maintenance migrations.",
  invalidCursor: 'cursor is not a cursor returned by this endpoint.',
} as const;

/** Builds the start-up error for a bad option, naming it and saying how to fix it. */
export function optionError(option: string, problem: string): Error {
  return new Error(`MaintenanceModule: invalid option ${option}: ${problem}`);
}
