import { ConflictException, HttpException, Logger, ServiceUnavailableException } from '@nestjs/common';
import { MESSAGES } from '../maintenance.messages';

const UNIQUE_VIOLATION_CODES = new Set(['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** Whether a driver error is a unique-constraint violation (Postgres, MySQL/MariaDB, SQLite). */
export function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } };
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' && UNIQUE_VIOLATION_CODES.has(code);
}

/**
 * Turns what a write can throw into an answer: the workflow's own HTTP errors pass, a lost race on a
 * unique key is a 409, and anything else from the database is a 503 that says the change was not made.
 */
export function toWriteError(error: unknown, logger: Logger, conflictMessage: string = MESSAGES.alreadyDecided): Error {
  if (error instanceof HttpException) return error;
  if (isUniqueViolation(error)) return new ConflictException(conflictMessage);
  logger.error(`Maintenance write failed: ${(error as Error)?.message}`, (error as Error)?.stack);
  return new ServiceUnavailableException(MESSAGES.databaseUnavailable);
}
