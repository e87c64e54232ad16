import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MaintenanceException } from '../exceptions/maintenance.exception';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../maintenance-options.resolver';
import { renderMaintenancePage } from '../utils/maintenance-page';
import { prefersHtml } from '../utils/prefers-html';

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
    const request = http.getRequest();
    const response = http.getResponse();
    const adapter = this.adapterHost.httpAdapter;
    const body = exception.body;
    if (!prefersHtml(request.headers?.accept)) {
      adapter.reply(response, body, body.statusCode);
      return;
    }
    const render = this.options.renderPage ?? renderMaintenancePage;
    const html = render({
      mode: body.mode,
      statusCode: body.statusCode,
      message: body.message,
      until: body.until,
      retryAfterSeconds: exception.retryAfterSeconds,
    });
    adapter.setHeader(response, 'Content-Type', 'text/html; charset=utf-8');
    adapter.setHeader(response, 'Cache-Control', 'no-store');
    adapter.reply(response, html, body.statusCode);
  }
}
