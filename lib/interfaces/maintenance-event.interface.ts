import { MaintenanceWindowDetails } from './maintenance-window.interface';
import { MaintenanceState } from './maintenance-state.interface';

/** What happened. @publicApi */
export type MaintenanceEventType = 'requested' | 'approved' | 'rejected' | 'activated' | 'completed' | 'cancelled' | 'toggled' | 'updated';

/**
 * An event, emitted as `maintenance.<type>` through @nestjs/event-emitter when the app has it, and always
 * on `MaintenanceService.events$`.
 * @publicApi
 */
export interface MaintenanceEvent {
  /** `maintenance.requested`, `maintenance.approved`, … */
  name: `maintenance.${MaintenanceEventType}`;
  type: MaintenanceEventType;
  window: MaintenanceWindowDetails | null;
  actor: string;
  state: MaintenanceState;
  at: string;
}
