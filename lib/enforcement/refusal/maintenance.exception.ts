import { HttpException, HttpStatus } from '@nestjs/common';
import { MaintenanceMode } from '../../interfaces/maintenance-mode.type';

/** Body of a blocked request. @publicApi */
export interface MaintenanceErrorBody {
  statusCode: number;
  error: string;
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

  constructor(
    readonly body: MaintenanceErrorBody,
    readonly retryAfterSeconds: number | null,
  ) {
    super(body, body.statusCode);
  }

  /** Full maintenance: 503 Service Unavailable. */
  static full(message: string, until: string | null, retryAfterSeconds: number): MaintenanceException {
    return new MaintenanceException(
      { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message, mode: 'full', until },
      retryAfterSeconds,
    );
  }

  /** Read-only maintenance: a write was refused. */
  static readOnly(statusCode: number, message: string, until: string | null): MaintenanceException {
    return new MaintenanceException({ statusCode, error: 'Read-Only Mode', message, mode: 'read-only', until }, null);
  }
}
