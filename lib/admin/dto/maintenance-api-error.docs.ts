import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { MaintenanceAction } from '../../interfaces/maintenance-mode.type';
import { MESSAGES } from '../../maintenance.messages';
import { MaintenanceApiError } from './maintenance-responses';

/** The reason phrases the admin API answers with (Nest's `HttpException` names). */
export const REASON_PHRASES: Readonly<Record<number, string>> = Object.freeze({
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
});

/** A window id as the examples show it. */
const EXAMPLE_ID = '5b0e3c9a-4c1e-4d2f-9a7b-2f64c1d9e8a1';

/** An error body exactly as the API sends it. */
export function apiErrorExample(statusCode: number, message: string | readonly string[]) {
  return { statusCode, message: typeof message === 'string' ? message : [...message], error: REASON_PHRASES[statusCode] };
}

/**
 * Documents one error status of an admin route with real bodies, one example per case, instead of the
 * schema's placeholders (`statusCode: 0`, `"string"`).
 */
export function ApiAdminError(status: number, description: string, cases: Readonly<Record<string, string | readonly string[]>>) {
  const entries = Object.entries(cases);
  const examples = Object.fromEntries(entries.map(([summary, message]) => [camel(summary), { summary, value: apiErrorExample(status, message) }]));
  return ApiResponse({ status, description, type: MaintenanceApiError, examples });
}

/**
 * The errors every admin route can answer, with the route's own action in the 403 (and the route's own
 * reasons for a 403, such as four eyes, first).
 */
export function ApiAdminErrors(action: MaintenanceAction, forbidden: Readonly<Record<string, string>> = {}) {
  return applyDecorators(
    ApiAdminError(401, 'No admin could be named for the request', { 'Not signed in': MESSAGES.noActor }),
    ApiAdminError(
      403,
      Object.keys(forbidden).length > 0
        ? 'Refused by a workflow rule, not allowed, or the admin API is not enabled'
        : 'Not allowed, or the admin API is not enabled',
      {
        ...forbidden,
        'Not allowed': MESSAGES.adminForbidden(action),
        'Admin API not enabled': MESSAGES.adminClosed,
      },
    ),
    ApiAdminError(500, "The module's tables are missing (a set-up step); nothing was read or changed", {
      'Tables missing': MESSAGES.schemaMissingAnswer,
    }),
    ApiAdminError(503, 'The database is unavailable; nothing was changed', { 'Database down': MESSAGES.databaseUnavailable }),
  );
}

/** Example cases the routes share. */
export const ERROR_CASES: Readonly<Record<'windowNotFound' | 'badId', Readonly<Record<string, string | readonly string[]>>>> = {
  windowNotFound: { 'Unknown window': MESSAGES.windowNotFound(EXAMPLE_ID) },
  badId: { 'Not a UUID': ['id must be a UUID'] },
};

function camel(summary: string): string {
  return summary.toLowerCase().replace(/[^a-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ? next.toUpperCase() : ''));
}
