/** A maintenance mode: `full` blocks every request, `read-only` blocks writes. @publicApi */
export type MaintenanceMode = 'full' | 'read-only';

/** Every maintenance mode, in order of strength. @publicApi */
export const MAINTENANCE_MODES: readonly MaintenanceMode[] = ['full', 'read-only'];

/** Lifecycle of a maintenance window. @publicApi */
export type MaintenanceWindowStatus = 'pending' | 'approved' | 'active' | 'completed' | 'rejected' | 'cancelled';

/** Every window status. @publicApi */
export const MAINTENANCE_WINDOW_STATUSES: readonly MaintenanceWindowStatus[] = ['pending', 'approved', 'active', 'completed', 'rejected', 'cancelled'];

/** What the admin API lets a caller do; passed to `admin.authorize`. @publicApi */
export type MaintenanceAction = 'request' | 'approve' | 'reject' | 'cancel' | 'toggle' | 'read' | 'audit';

/** What an audit entry records. @publicApi */
export type MaintenanceAuditAction = 'requested' | 'approved' | 'rejected' | 'cancelled' | 'toggled' | 'activated' | 'completed' | 'updated';

/** Every audit action. @publicApi */
export const MAINTENANCE_AUDIT_ACTIONS: readonly MaintenanceAuditAction[] = [
  'requested',
  'approved',
  'rejected',
  'cancelled',
  'toggled',
  'activated',
  'completed',
  'updated',
];
