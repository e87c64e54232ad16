import { MaintenanceApproval } from './maintenance-approval.entity';
import { MaintenanceAuditLog } from './maintenance-audit-log.entity';
import { MaintenanceInstance } from './maintenance-instance.entity';
import { MaintenanceLock } from './maintenance-lock.entity';
import { MaintenanceWebhook } from './maintenance-webhook.entity';
import { MaintenanceWindow } from './maintenance-window.entity';

export { MaintenanceApproval, MaintenanceAuditLog, MaintenanceInstance, MaintenanceLock, MaintenanceWebhook, MaintenanceWindow };
export type { MaintenanceDrainReport } from './maintenance-instance.entity';

/** Every entity of the module, for hosts that list entities by hand. @publicApi */
export const MAINTENANCE_ENTITIES = [MaintenanceWindow, MaintenanceApproval, MaintenanceAuditLog, MaintenanceLock, MaintenanceInstance, MaintenanceWebhook];
