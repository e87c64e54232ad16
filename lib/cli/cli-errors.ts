import type { HttpException } from '@nestjs/common';

/**
 * Exit codes of the `nestjs-maintenance` command, stable for scripts.
 */
export const CLI_EXIT_CODES = Object.freeze({
  /** The command did what was asked. */
  done: 0,
  /** The command was understood but refused or failed: a workflow rule, a missing window, the database. */
  refused: 1,
  /** The command line itself is wrong: unknown command or option, a bad date or duration, no connection. */
  usage: 2,
  /** `--wait` ran out of time before every live instance had switched and drained (the change itself was made). */
  timedOut: 3,
});

/** Something wrong with the command line, found after commander parsed it (exit 2). */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** The command could not be carried out (exit 1). */
export class CliRefusal extends Error {
  override readonly name = 'CliRefusal';
}

/** The exit code for an error a command threw. */
export function exitCodeFor(error: unknown): number {
  return error instanceof CliUsageError ? CLI_EXIT_CODES.usage : CLI_EXIT_CODES.refused;
}

/**
 * The one line to show for an error. The service's HTTP exceptions carry the workflow's own wording
 * (four-eyes rule, conflicts, unknown window), which is what an operator needs to read.
 */
export function describeError(error: unknown): string {
  if (isHttpException(error)) {
    const response = error.getResponse();
    const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- an HttpException's message is a string or a list of them
    const text = Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
    return `${text} (${error.getStatus()})`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Recognised by shape rather than `instanceof`, so that reporting a usage error does not load Nest;
 * the two methods are all that is used.
 */
function isHttpException(error: unknown): error is HttpException {
  const candidate = error as Partial<HttpException> | null;
  return typeof candidate?.getStatus === 'function' && typeof candidate.getResponse === 'function';
}
