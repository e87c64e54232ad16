import { ConflictException, HttpException, InternalServerErrorException, Logger, ServiceUnavailableException } from '@nestjs/common';
import { MESSAGES } from '../maintenance.messages';

const UNIQUE_VIOLATION_CODES = new Set(['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** Whether a driver error is a unique-constraint violation (Postgres, MySQL/MariaDB, SQLite). */
export function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } };
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' && UNIQUE_VIOLATION_CODES.has(code);
}

/** Postgres: undefined table, undefined column; MySQL/MariaDB: no such table, unknown column. */
const MISSING_SCHEMA_CODES = new Set(['42P01', '42703', 'ER_NO_SUCH_TABLE', 'ER_BAD_FIELD_ERROR']);
/** SQLite reports these in its message only (its code is the generic SQLITE_ERROR). */
const SQLITE_MISSING_SCHEMA = /no such (table|column)|has no column named/;

/** The DataSource was set up without the module's entities (thrown before TypeORM fails in its own way). */
export class MaintenanceEntitiesMissingError extends Error {
  constructor() {
    super('The TypeORM DataSource does not know the maintenance entities.');
    this.name = 'MaintenanceEntitiesMissingError';
  }
}

/**
 * Whether an error says the maintenance tables (or their columns, or the entities) are not there: a set-up
 * step that was skipped, which must not be reported as a database outage.
 */
export function isMissingSchemaError(error: unknown): boolean {
  const candidate = error as { name?: string; code?: string; message?: string; driverError?: { code?: string; message?: string } };
  if (error instanceof MaintenanceEntitiesMissingError || candidate?.name === 'EntityMetadataNotFoundError') return true;
  const code = candidate?.driverError?.code ?? candidate?.code;
  if (typeof code === 'string' && MISSING_SCHEMA_CODES.has(code)) return true;
  const message = candidate?.driverError?.message ?? candidate?.message;
  return typeof message === 'string' && SQLITE_MISSING_SCHEMA.test(message);
}

/**
 * Turns what a read or write can throw into an answer: the workflow's own HTTP errors pass, a lost race on a
 * unique key is a 409, missing tables are a 500 that says so (the start-up log tells the operator how to
 * create them), and anything else from the database is a 503 that says the change was not made.
 */
export function toWriteError(error: unknown, logger: Logger, conflictMessage: string = MESSAGES.alreadyDecided): Error {
  if (error instanceof HttpException) return error;
  if (isUniqueViolation(error)) return new ConflictException(conflictMessage);
  if (isMissingSchemaError(error)) {
    // Admin calls are rare: each such answer is logged with the driver's words (a column a migration adds, say).
    logger.error(MESSAGES.schemaMissingLog((error as Error)?.message));
    return new InternalServerErrorException(MESSAGES.schemaMissingAnswer);
  }
  logger.error(`Maintenance write failed: ${(error as Error)?.message}`, (error as Error)?.stack);
  return new ServiceUnavailableException(MESSAGES.databaseUnavailable);
}
