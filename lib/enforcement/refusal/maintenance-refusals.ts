import { AbstractHttpAdapter } from '@nestjs/core';
import { MaintenanceMode } from '../../interfaces/maintenance-mode.type';
import { AdapterRequest } from '../../interfaces/adapter-request.type';
import { ResolvedMaintenanceOptions } from '../../options/maintenance-options.resolver';
import { MaintenanceSnapshot } from '../../state/maintenance-snapshot';
import { replyMaintenance } from './maintenance-response';
import { maintenanceExceptionFor } from './maintenance-exception.factory';
import { MaintenanceException } from './maintenance.exception';

/**
 * The errors for refused requests, made once and shared. Refusals are the hot path of a busy site in
 * maintenance: one exception per snapshot, mode and Retry-After second serves every request; it is never
 * mutated. It carries no stack trace: shared by many requests, the trace would name whichever one came first
 * and mislead whoever logs it.
 */
export class MaintenanceRefusals {
  private last: { snapshot: MaintenanceSnapshot; mode: MaintenanceMode; second: number; exception: MaintenanceException } | null = null;

  constructor(
    private readonly adapter: () => AbstractHttpAdapter,
    private readonly options: ResolvedMaintenanceOptions,
  ) {}

  /** The error for a request refused under `mode`, with `respond` writing the answer (see the exception filter). */
  exceptionFor(snapshot: MaintenanceSnapshot, mode: MaintenanceMode): MaintenanceException {
    if (this.options.metrics !== null) this.options.metrics.counters.refused(mode);
    const now = Date.now();
    const second = Math.floor(now / 1000);
    const last = this.last;
    if (last && last.snapshot === snapshot && last.mode === mode && last.second === second) return last.exception;
    const exception = withoutStackTrace(() => maintenanceExceptionFor(snapshot, mode, this.options, now));
    exception.respond = (request, response) => replyMaintenance(this.adapter(), this.options, request, response, exception);
    this.last = { snapshot, mode, second, exception };
    return exception;
  }

  /**
   * Answers a request refused under `mode` directly, for the callers outside Nest's exception filters (the
   * Fastify hook, the catch-all for unmatched routes): `Retry-After`, then the JSON body or the page.
   */
  refuse(snapshot: MaintenanceSnapshot, mode: MaintenanceMode, request: AdapterRequest, response: unknown): void {
    const exception = this.exceptionFor(snapshot, mode);
    if (exception.retryAfterSeconds !== null) this.adapter().setHeader(response, 'Retry-After', String(exception.retryAfterSeconds));
    exception.respond!(request, response);
  }
}

/** Runs `make` with stack traces turned off, so the error it builds captures none. */
function withoutStackTrace<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
