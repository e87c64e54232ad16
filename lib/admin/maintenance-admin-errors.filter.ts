import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * The admin API answers its errors in Nest's standard shape (`{ statusCode, message, error }`, messages
 * naming the fields), whatever catch-all filter the app has: clients and the Swagger document rely on it.
 */
@Catch(HttpException)
export class MaintenanceAdminErrorsFilter implements ExceptionFilter<HttpException> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: HttpException, host: ArgumentsHost): void {
    const body = exception.getResponse();
    const status = exception.getStatus();
    const payload = typeof body === 'object' ? body : { statusCode: status, message: body };
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), payload, status);
  }
}
