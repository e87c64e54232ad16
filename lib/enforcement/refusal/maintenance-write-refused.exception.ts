import { MESSAGES } from '../../maintenance.messages';
import { MaintenanceErrorBody, MaintenanceException } from './maintenance.exception';

/**
 * A write refused at the database by `readOnly.guardDatabase`: a statement that would have changed data, run while
 * read-only or full maintenance was in force, outside `allowWrites` and bypassed requests. It was not sent to the
 * database; TypeORM rolled back the transaction it was part of.
 *
 * An HTTP request whose handler let it escape gets the answer of a refused request (the same status and body);
 * elsewhere (a job, a WebSocket handler, a microservice) catch it with `instanceof`. Unlike the shared refusals of
 * the guard it has a stack trace: it shows where the write came from.
 *
 * @example
 * ```ts
 * try {
 *   await this.sessions.update(id, { lastSeenAt: new Date() });
 * } catch (error) {
 *   if (!(error instanceof MaintenanceWriteRefusedException)) throw error;
 *   // maintenance: skip the bookkeeping this time
 * }
 * ```
 * @publicApi
 */
export class MaintenanceWriteRefusedException extends MaintenanceException {
  constructor(
    body: MaintenanceErrorBody,
    retryAfterSeconds: number | null,
    /** The SQL that was refused, as TypeORM built it (parameters apart). */
    readonly statement: string,
  ) {
    super(body, retryAfterSeconds);
    this.message = MESSAGES.writeRefused(body.mode);
  }
}
