import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BypassMaintenance, MaintenanceService } from '../../lib';
import { ReportJob } from './report.job';

/** What the report job has done, and whether maintenance pauses it now. Exempt from maintenance, like a probe. */
@ApiTags('jobs')
@Controller('jobs')
@BypassMaintenance()
export class JobsController {
  constructor(
    private readonly report: ReportJob,
    private readonly maintenance: MaintenanceService,
  ) {}

  @Get()
  jobs() {
    return { runs: this.report.runs, lastRunAt: this.report.lastRunAt, paused: this.maintenance.isPaused() };
  }
}
