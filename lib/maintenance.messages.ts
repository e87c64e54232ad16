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
  invalidCursor: 'cursor is not a cursor returned by this endpoint.',
} as const;

/** Builds the start-up error for a bad option, naming it and saying how to fix it. */
export function optionError(option: string, problem: string): Error {
  return new Error(`MaintenanceModule: invalid option ${option}: ${problem}`);
}
