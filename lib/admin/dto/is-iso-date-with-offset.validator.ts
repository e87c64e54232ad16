import { applyDecorators } from '@nestjs/common';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { MAINTENANCE_LIMITS } from '../../maintenance.limits';
import { IsoDateRangeError, parseIsoDate } from '../../utils/iso-date';

/**
 * An ISO 8601 date-time with an explicit offset or `Z`, in the extended form `new Date()` reads
 * (`2030-01-31T22:00:00Z`, `2030-01-31T23:00+01:00`). A local time without offset is refused (the
 * server cannot know which zone the client meant), and so are impossible dates and the basic or week
 * forms ISO also allows, which would otherwise turn into an invalid Date downstream.
 */
export function IsIsoDateWithOffset(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ValidateBy(
      {
        name: 'isIsoDateWithOffset',
        validator: {
          validate: (value: unknown) => {
            if (typeof value !== 'string') return false;
            try {
              parseIsoDate(value);
              return true;
            } catch {
              return false;
            }
          },
          defaultMessage: (args) =>
            isOutOfRange(args?.value)
              ? `${args?.property} must be ${MAINTENANCE_LIMITS.dateRangeText}`
              : `${args?.property} must be an ISO 8601 date-time with an offset or Z, e.g. 2030-01-31T22:00:00Z`,
        },
      },
      options,
    ),
  );
}

function isOutOfRange(value: unknown): boolean {
  try {
    parseIsoDate(String(value));
    return false;
  } catch (error) {
    return error instanceof IsoDateRangeError;
  }
}
