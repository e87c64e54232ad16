import { CanActivate, ExecutionContext, Get, Header, Inject, Injectable, NotFoundException, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { renderMaintenanceCalendar } from '../calendar/maintenance-calendar';
import { BypassMaintenance } from '../enforcement/bypass-maintenance.decorator';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceQueries } from '../windows/maintenance-queries.service';
import { MaintenanceActionName } from './maintenance-admin.decorators';
import { MaintenanceAdminGuard } from './maintenance-admin.guard';

/**
 * Who may read the feed, per the `calendar` option: anyone (`'public'`), whom `admin.authorize(req, 'read')` lets
 * (`'admin'`), or nobody (`false`: 404, as if it were not mounted; the option can come from `forRootAsync`, so the
 * route is mounted either way).
 */
@Injectable()
export class MaintenanceCalendarAccessGuard implements CanActivate {
  constructor(
    private readonly admin: MaintenanceAdminGuard,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.options.calendar === false) throw new NotFoundException();
    return this.options.calendar === 'public' || this.admin.canActivate(context);
  }
}

/** `GET <adminPath>/calendar.ics`: approved windows to come, for calendar apps and status pages to subscribe to. */
@ApiTags('maintenance')
@BypassMaintenance()
@UseGuards(MaintenanceCalendarAccessGuard)
export class MaintenanceCalendarController {
  constructor(private readonly queries: MaintenanceQueries) {}

  @Get('calendar.ics')
  @MaintenanceActionName('read')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({
    summary: 'Maintenance calendar (iCalendar)',
    description:
      'The approved windows in force or to come, and the occurrences of recurring ones over the next year, as an RFC 5545 feed ' +
      '(times in UTC; public data only: mode, scope, message). Public by default; `calendar: "admin"` asks admin.authorize(req, "read").',
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'An iCalendar (RFC 5545) document', schema: { type: 'string' } })
  async calendar(): Promise<string> {
    const now = Date.now();
    return renderMaintenanceCalendar(await this.queries.calendarEntries(now), { name: 'Maintenance', nowMs: now });
  }
}
