import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'nestjs-maintenance';

/**
 * The package version, read at run time from the nearest package.json of this package above this file
 * (two levels up from both lib/cli and dist/cli). Importing it would copy package.json into the build.
 */
export function cliVersion(from: string = __dirname): string {
  for (let dir = from, depth = 0; depth < 5; dir = dirname(dir), depth++) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === PACKAGE_NAME && manifest.version) return manifest.version;
    } catch {
      // No readable package.json here: keep looking higher up.
    }
  }
  return 'unknown';
}
