import { MaintenanceApproval } from './maintenance-approval.entity';
import { MaintenanceAuditLog } from './maintenance-audit-log.entity';
import { MaintenanceLock } from './maintenance-lock.entity';
import { MaintenanceWindow } from './maintenance-window.entity';

export { MaintenanceApproval, MaintenanceAuditLog, MaintenanceLock, MaintenanceWindow };

/** Every entity of the module, for hosts that list entities by hand. @publicApi */
export const MAINTENANCE_ENTITIES = [MaintenanceWindow, MaintenanceApproval, MaintenanceAuditLog, MaintenanceLock];
