import { BypassMaintenanceMetadata } from './bypass-maintenance.decorator';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';

/** Whether a route's `@BypassMaintenance()` (or `null`: none) exempts it from `mode`. Shared by the guard and the Fastify hook. */
export function decoratorExempts(metadata: BypassMaintenanceMetadata | null, mode: MaintenanceMode): boolean {
  return metadata !== null && (metadata.modes === null || metadata.modes.includes(mode));
}
