import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The package version, read at run time: package.json sits two levels above both lib/cli and dist/cli,
 * and importing it would put it inside the compiled output.
 */
export function cliVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
