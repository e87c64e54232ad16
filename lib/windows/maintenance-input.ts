import { BadRequestException } from '@nestjs/common';
import { MAINTENANCE_LIMITS } from '../maintenance.limits';
import { plainTextProblem } from '../utils/plain-text';

const LIMITS = {
  reason: MAINTENANCE_LIMITS.reason,
  optionalReason: MAINTENANCE_LIMITS.reason,
  message: MAINTENANCE_LIMITS.message,
  comment: MAINTENANCE_LIMITS.comment,
  actor: MAINTENANCE_LIMITS.actor,
} as const;

/**
 * Checks what code and the CLI pass in, as the DTOs check HTTP input: a bad value is a 400 naming the
 * field, never a database error reported as an outage.
 */
export function assertInput(fields: {
  reason?: string;
  optionalReason?: string | null;
  message?: string | null;
  comment?: string | null;
  actor?: string;
  startsAt?: Date | null;
  endsAt?: Date | null;
}): void {
  const problems: string[] = [];
  for (const key of ['reason', 'optionalReason', 'message', 'comment', 'actor'] as const) {
    if (!(key in fields)) continue;
    const value = fields[key];
    const name = key === 'optionalReason' ? 'reason' : key;
    if (value === undefined || value === null) {
      if (key === 'reason' || key === 'actor') problems.push(`${name} should not be empty`);
      continue;
    }
    if (typeof value !== 'string') problems.push(`${name} must be a string`);
    else if ((key === 'reason' || key === 'actor') && value.trim() === '') problems.push(`${name} should not be empty`);
    else if ([...value].length > LIMITS[key]) problems.push(`${name} must be shorter than or equal to ${LIMITS[key]} characters`);
    else {
      const problem = plainTextProblem(value);
      if (problem) problems.push(`${name} ${problem}`);
    }
  }
  for (const key of ['startsAt', 'endsAt'] as const) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) problems.push(`${key} must be a valid date`);
    else if (value.getTime() < MAINTENANCE_LIMITS.earliestMs || value.getTime() > MAINTENANCE_LIMITS.latestMs) {
      problems.push(`${key} must be ${MAINTENANCE_LIMITS.dateRangeText}`);
    }
  }
  if (problems.length > 0) throw new BadRequestException(problems);
}
