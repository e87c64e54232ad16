#!/usr/bin/env node
// `npm run maintenance -- <command>`: the package's CLI against the sample app's SQLite file, built first only
// when a source changed (scripts/build-sample.js). SAMPLE_DATABASE points it at another file, as for the app.
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { build, isCurrent } = require('./build-sample');

const ROOT = join(__dirname, '..');
if (!isCurrent()) build();
const database = process.env.SAMPLE_DATABASE ?? join('sample-app', 'data', 'sample.sqlite');
const cli = join(ROOT, 'sample-app', 'dist', 'lib', 'cli', 'main.js');
const result = spawnSync(process.execPath, [cli, '--url', `sqlite:${database}`, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
