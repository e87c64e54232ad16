import { Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BypassMaintenance } from '../enforcement/bypass-maintenance.decorator';
import { MaintenanceStateView } from './dto/maintenance-responses';
import { MaintenanceService } from '../windows/maintenance.service';

/** The public status route: never blocked, no authentication. */
@ApiTags('maintenance')
@BypassMaintenance()
export class MaintenanceStatusController {
  constructor(private readonly maintenance: MaintenanceService) {}

  @Get('status')
  @ApiOperation({ summary: 'What is in force now', description: 'Public and never blocked: for banners, clients and probes.' })
  @ApiOkResponse({ type: MaintenanceStateView })
  status(): MaintenanceStateView {
    return this.maintenance.getState();
  }
}
