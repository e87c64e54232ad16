import { HttpException, HttpStatus } from '@nestjs/common';
import { MaintenanceMode } from '../../interfaces/maintenance-mode.type';
import { MAINTENANCE_GRAPHQL_ERROR_CODES } from '../../maintenance.constants';

/** Body of a blocked request. @publicApi */
export interface MaintenanceErrorBody {
  statusCode: number;
  error: string;
  /** A machine-readable reason that clients can translate themselves: `MAINTENANCE` (full) or `READ_ONLY`. */
  code: (typeof MAINTENANCE_GRAPHQL_ERROR_CODES)[MaintenanceMode];
  /** In the language chosen from the request's `Accept-Language` (see the `locales` option). */
  message: string;
  mode: MaintenanceMode;
  until: string | null;
}

/**
 * Thrown by the guard for a blocked request: 503 in full mode, the read-only status (403 by default) for
 * a write in read-only mode. `retryAfterSeconds` is set in full mode.
 * @publicApi
 */
export class MaintenanceException extends HttpException {
  /**
   * Writes the answer, with the adapter and options of the app that refused the request. Set by the
   * guard: one filter instance may serve several apps in one process (tests), so it must not use its own.
   * @internal
   */
  respond?: (request: unknown, response: unknown) => void;

  /**
   * The body in another of the app's languages (`body` is in the first). Set by the guard's refusals, which know the
   * windows' translations; absent, every language gets `body`.
   * @internal
   */
  localize?: (locale: string) => MaintenanceErrorBody;

  constructor(
    readonly body: MaintenanceErrorBody,
    readonly retryAfterSeconds: number | null,
  ) {
    super(body, body.statusCode);
  }

  /** Full maintenance: 503 Service Unavailable. */
  static full(message: string, until: string | null, retryAfterSeconds: number): MaintenanceException {
    return new MaintenanceException(
      { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', code: MAINTENANCE_GRAPHQL_ERROR_CODES.full, message, mode: 'full', until },
      retryAfterSeconds,
    );
  }

  /** Read-only maintenance: a write was refused. */
  static readOnly(statusCode: number, message: string, until: string | null): MaintenanceException {
    return new MaintenanceException(
      { statusCode, error: 'Read-Only Mode', code: MAINTENANCE_GRAPHQL_ERROR_CODES['read-only'], message, mode: 'read-only', until },
      null,
    );
  }
}
