#!/usr/bin/env node
// Compiles the sample app (and the library it imports from ../lib) only when a source changed since the last
// build, so `npm start` and `npm run maintenance -- …` start in a second instead of recompiling every time.
// `--force` rebuilds regardless. Prints nothing when the build is current.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const STAMP = join(ROOT, 'sample-app', 'dist', '.build-stamp');
const SOURCES = [
  join(ROOT, 'lib'),
  join(ROOT, 'sample-app', 'src'),
  join(ROOT, 'sample-app', 'tsconfig.json'),
  join(ROOT, 'tsconfig.json'),
  join(ROOT, 'package.json'),
];

/** The newest modification time under the given files and folders (TypeScript and JSON only). */
function newestSource(paths) {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      const children = readdirSync(path).map((name) => join(path, name));
      newest = Math.max(newest, newestSource(children));
    } else if (/\.(ts|json)$/.test(path)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

/** Whether sample-app/dist was built from the sources as they are now. */
function isCurrent() {
  return existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestSource(SOURCES);
}

function build() {
  // The stamp gets the newest source time seen before compiling: a file saved during the build is newer than
  // it, so the next run builds again.
  const sources = newestSource(SOURCES);
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'sample-app', 'tsconfig.json')], { stdio: 'inherit' });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  utimesSync(STAMP, new Date(), new Date(sources));
}

module.exports = { isCurrent, build };

if (require.main === module) {
  if (process.argv.includes('--force') || !isCurrent()) build();
}
