import { applyDecorators } from '@nestjs/common';
import { isISO8601, ValidateBy, ValidationOptions } from 'class-validator';

const EXPLICIT_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * An ISO 8601 date-time with an explicit offset or `Z`. A local time without offset is refused: the
 * server cannot know which zone the client meant.
 */
export function IsIsoDateWithOffset(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ValidateBy(
      {
        name: 'isIsoDateWithOffset',
        validator: {
          validate: (value: unknown) =>
            typeof value === 'string' && value.includes('T') && isISO8601(value, { strict: true }) && EXPLICIT_OFFSET.test(value),
          defaultMessage: (args) =>
            `${args?.property} must be an ISO 8601 date-time with an offset or Z, e.g. 2030-01-31T22:00:00Z`,
        },
      },
      options,
    ),
  );
}
