import { Injectable } from '@nestjs/common';
import { MaintenanceService } from '../windows/maintenance.service';

/** What the indicator reports, in the shape @nestjs/terminus expects of a health indicator. @publicApi */
export type MaintenanceHealthResult = Record<
  string,
  { status: 'up'; mode: 'off' | 'full' | 'read-only'; message: string | null; since: string | null; until: string | null }
>;

/**
 * A health indicator for @nestjs/terminus that reports the maintenance mode as data and always stays
 * **up**: maintenance is a planned state, not a failure. Were it to report down, a readiness probe would
 * take every instance out of the load balancer and visitors would get the balancer's error instead of the
 * maintenance page. Needs no import of terminus itself.
 *
 * @example
 * ```ts
 * @Get('health') @BypassMaintenance() @HealthCheck()
 * check() { return this.health.check([() => this.maintenanceHealth.isHealthy()]); }
 * ```
 * @publicApi
 */
@Injectable()
export class MaintenanceHealthIndicator {
  constructor(private readonly maintenance: MaintenanceService) {}

  isHealthy(key = 'maintenance'): MaintenanceHealthResult {
    const { mode, message, since, until } = this.maintenance.getState();
    return { [key]: { status: 'up', mode, message, since, until } };
  }
}
