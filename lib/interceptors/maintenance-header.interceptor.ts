import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Observable } from 'rxjs';
import { GRAPHQL_CONTEXT_TYPE, setGraphqlHeaders } from '../guards/graphql-maintenance';
import { MAINTENANCE_MODE_HEADER, MAINTENANCE_SCHEDULED_HEADER } from '../maintenance.constants';
import { MaintenanceStateService } from '../services/maintenance-state.service';

/**
 * Marks allowed responses while a mode is active (`X-Maintenance-Mode`) and announces approved windows
 * during the notice period (`X-Maintenance-Scheduled`). The headers are set before the handler runs, so
 * they reach streamed responses too. Nothing is done when maintenance is off and nothing is scheduled.
 * GraphQL resolvers get the same headers on the HTTP response behind them (when there is one).
 * @publicApi
 */
@Injectable()
export class MaintenanceHeaderInterceptor implements NestInterceptor {
  constructor(
    private readonly state: MaintenanceStateService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const snapshot = this.state.snapshot;
    if (snapshot.mode === 'off' && snapshot.scheduledHeader === null) return next.handle();
    const type = context.getType<string>();
    if (type === 'http') {
      const response = context.switchToHttp().getResponse();
      const adapter = this.adapterHost.httpAdapter;
      if (snapshot.mode !== 'off') adapter.setHeader(response, MAINTENANCE_MODE_HEADER, snapshot.mode);
      if (snapshot.scheduledHeader !== null) adapter.setHeader(response, MAINTENANCE_SCHEDULED_HEADER, snapshot.scheduledHeader);
    } else if (type === GRAPHQL_CONTEXT_TYPE) {
      const headers: [string, string][] = [];
      if (snapshot.mode !== 'off') headers.push([MAINTENANCE_MODE_HEADER, snapshot.mode]);
      if (snapshot.scheduledHeader !== null) headers.push([MAINTENANCE_SCHEDULED_HEADER, snapshot.scheduledHeader]);
      setGraphqlHeaders(this.adapterHost.httpAdapter, context, headers);
    }
    return next.handle();
  }
}
