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
    const http = host.switchToHttp();
    if (exception.respond) exception.respond(http.getRequest(), http.getResponse());
    else replyMaintenance(this.adapterHost.httpAdapter, this.options, http.getRequest(), http.getResponse(), exception);
  }
}
