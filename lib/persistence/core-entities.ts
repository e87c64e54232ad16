import { MaintenanceApproval, MaintenanceAuditLog, MaintenanceLock, MaintenanceWindow } from './entities';

/**
 * The entities without which the module cannot work. `MaintenanceInstance` (the fleet's heartbeats) is not among them:
 * an app upgraded before its migration ran still switches maintenance on and off, and says that the fleet is missing.
 */
export const MAINTENANCE_CORE_ENTITIES = [MaintenanceWindow, MaintenanceApproval, MaintenanceAuditLog, MaintenanceLock];
