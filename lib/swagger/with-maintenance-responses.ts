import type { OpenAPIObject } from '@nestjs/swagger';
import { MAINTENANCE_BYPASS_EXTENSION, MAINTENANCE_DEFAULTS, MAINTENANCE_MODE_HEADER } from '../maintenance.constants';
import { MaintenanceModuleOptions } from '../interfaces/maintenance-module-options.interface';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';

/** Name of the schema the added answers refer to, in `components.schemas`. @publicApi */
export const MAINTENANCE_REFUSAL_SCHEMA = 'MaintenanceRefusal';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type ResponseObject = Record<string, unknown>;
type OperationObject = { responses?: Record<string, ResponseObject>; [key: string]: unknown };

/**
 * Documents, on every operation of the host app's OpenAPI document, the answers maintenance adds: the
 * **503** of full maintenance (with `Retry-After`) and, on methods that write, the read-only refusal
 * (**403**, or `readOnly.statusCode`). Routes marked `@BypassMaintenance()` keep what they had for the modes
 * they are exempt from, and so do the module's own routes; a status a route already documents is left alone.
 * Pass the module's options when they change the read-only status or methods.
 *
 * @returns the same document, with the answers and the `MaintenanceRefusal` schema added.
 * @example
 * ```ts
 * const document = withMaintenanceResponses(SwaggerModule.createDocument(app, new DocumentBuilder().build()));
 * SwaggerModule.setup('docs', app, document);
 * ```
 * @publicApi
 */
export function withMaintenanceResponses(document: OpenAPIObject, options: Pick<MaintenanceModuleOptions, 'readOnly'> = {}): OpenAPIObject {
  const readOnlyStatus = String(options.readOnly?.statusCode ?? MAINTENANCE_DEFAULTS.readOnlyStatusCode);
  const safeMethods = new Set((options.readOnly?.allowedMethods ?? MAINTENANCE_DEFAULTS.readOnlyMethods).map((method) => method.toLowerCase()));
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[MAINTENANCE_REFUSAL_SCHEMA] ??= REFUSAL_SCHEMA;

  for (const item of Object.values(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, OperationObject | undefined>)[method];
      if (!operation) continue;
      const exempt = operation[MAINTENANCE_BYPASS_EXTENSION];
      const exemptModes: readonly unknown[] = Array.isArray(exempt) ? exempt : [];
      const responses = (operation.responses ??= {});
      if (!exemptModes.includes('full')) responses['503'] ??= refusal('full', 503);
      if (!exemptModes.includes('read-only') && !safeMethods.has(method)) {
        responses[readOnlyStatus] ??= refusal('read-only', Number(readOnlyStatus));
      }
    }
  }
  return document;
}

const REFUSAL_SCHEMA = {
  type: 'object',
  description: 'The answer of a route while maintenance is in force (nestjs-maintenance).',
  required: ['statusCode', 'error', 'message', 'mode', 'until'],
  properties: {
    statusCode: { type: 'integer', example: 503 },
    error: { type: 'string', example: 'Service Unavailable' },
    message: { type: 'string', example: MAINTENANCE_DEFAULTS.message },
    mode: { type: 'string', enum: ['full', 'read-only'] },
    until: { type: 'string', format: 'date-time', nullable: true, description: 'When the window in force ends, if it has an end' },
  },
};

function refusal(mode: MaintenanceMode, status: number): ResponseObject {
  const full = mode === 'full';
  const headers: Record<string, unknown> = {
    [MAINTENANCE_MODE_HEADER]: { description: 'The maintenance mode in force', schema: { type: 'string', enum: [mode] } },
  };
  if (full) headers['Retry-After'] = { description: 'Seconds until the window ends', schema: { type: 'integer', example: 1800 } };
  return {
    description: full
      ? 'Full maintenance: the route is closed until the window ends (browsers get an HTML page)'
      : 'Read-only maintenance: writes are refused until the window ends (browsers get an HTML page)',
    headers,
    content: {
      'application/json': {
        schema: { $ref: `#/components/schemas/${MAINTENANCE_REFUSAL_SCHEMA}` },
        example: {
          statusCode: status,
          error: full ? 'Service Unavailable' : 'Read-Only Mode',
          message: full ? MAINTENANCE_DEFAULTS.message : MAINTENANCE_DEFAULTS.readOnlyMessage,
          mode,
          until: '2030-01-31T23:00:00.000Z',
        },
      },
      'text/html': { schema: { type: 'string' } },
    },
  };
}
