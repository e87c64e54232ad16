import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MaintenanceException } from './maintenance.exception';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../../options/maintenance-options.resolver';
import { replyMaintenance } from './maintenance-response';

/**
 * Answers a blocked request: JSON by default, the maintenance page (or the app's `renderPage`) when the
 * client prefers HTML.
 * @publicApi
 */
@Catch(MaintenanceException)
export class MaintenanceExceptionFilter implements ExceptionFilter<MaintenanceException> {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  catch(exception: MaintenanceException, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    // getArgByIndex, not switchToHttp(): this runs for every refused request, and the latter builds an object
    // with three closures each time.
    const request = host.getArgByIndex(0);
    const response = host.getArgByIndex(1);
    if (exception.respond) exception.respond(request, response);
    else replyMaintenance(this.adapterHost.httpAdapter, this.options, request, response, exception);
  }
}
