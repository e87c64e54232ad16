import { LoggerService } from '@nestjs/common';

/**
 * Nest's log, cut down for a command line: errors (why a write failed) go to stderr as one line each,
 * warnings and stack traces only with `--verbose`, and nothing ever goes to stdout, which belongs to
 * the command's output (`--json` must stay parseable).
 */
export class CliLogger implements LoggerService {
  constructor(
    private readonly detailed: boolean,
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
  ) {}

  log(): void {}

  error(message: unknown, ...rest: unknown[]): void {
    this.write(`nestjs-maintenance: ${String(message)}\n`);
    const stack = rest.find((item) => typeof item === 'string' && item.includes('\n    at '));
    if (typeof stack === 'string' && this.detailed) this.write(`${stack}\n`);
  }

  warn(message: unknown): void {
    if (this.detailed) this.write(`nestjs-maintenance: warning: ${String(message)}\n`);
  }

  debug(): void {}

  verbose(): void {}

  fatal(message: unknown): void {
    this.error(message);
  }
}
