/**
 * Who makes a change and from where; recorded in the audit log.
 * @publicApi
 */
export interface MaintenanceActorContext {
  /** The person or system acting. */
  actor: string;
  /** Where the change came from. Default `service`. */
  source?: 'api' | 'console' | 'service' | 'cli' | 'system';
  /** Client address, when known. */
  ip?: string | null;
  /** Client user agent, when known. */
  userAgent?: string | null;
}
