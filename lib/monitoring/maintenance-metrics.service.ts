import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { MaintenanceEventsService } from '../windows/maintenance-events.service';
import { WebhookDispatcherService } from '../webhooks/webhook-dispatcher.service';

/**
 * Connects the metrics (`metrics` option) to the app: registers them on the registry, lets them read the state in
 * force at each scrape, and counts the events and webhook deliveries of this instance. The request path counts
 * refusals and bypasses itself (an integer increment each).
 */
@Injectable()
export class MaintenanceMetricsService implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
    private readonly state: MaintenanceStateService,
    private readonly events: MaintenanceEventsService,
    private readonly webhooks: WebhookDispatcherService,
  ) {}

  onApplicationBootstrap(): void {
    const metrics = this.options.metrics;
    if (!metrics) return;
    metrics.bind(
      () => this.state.getState(),
      (scope) => this.state.plannedInForce(scope),
    );
    metrics.counters.register(metrics.registry);
    this.events.addListener((event) => metrics.counters.transition(event.type));
    this.webhooks.onOutcome((name, delivered) => (delivered ? metrics.counters.webhookDelivered(name) : metrics.counters.webhookFailed(name)));
  }

  onModuleDestroy(): void {
    const metrics = this.options.metrics;
    if (metrics) metrics.counters.unregister(metrics.registry);
  }
}
