import { MAINTENANCE_LIMITS } from '../maintenance.limits';

/** Letters, digits, `.`, `_` and `-`, starting with a letter or digit: safe in headers, URLs, logs and CLI flags. */
const SCOPE_NAME = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${MAINTENANCE_LIMITS.scope - 1}}$`);

/** Whether `value` can name a scope. */
export function isScopeName(value: unknown): value is string {
  return typeof value === 'string' && SCOPE_NAME.test(value);
}

/** How a scope name must look, for messages. */
export const SCOPE_NAME_TEXT = `1 to ${MAINTENANCE_LIMITS.scope} letters, digits, ".", "_" or "-", starting with a letter or digit`;
