#!/usr/bin/env node
/**
 * The `nestjs-maintenance` bin (package.json "bin"). It sets the exit code instead of calling
 * process.exit(), which could cut off output still queued on a pipe.
 */
import 'reflect-metadata';
import { runCli } from './run-cli';

/**
 * Every command closes what it opened, so the process ends on its own. Should something still hold the
 * event loop, say so and exit anyway: a deploy script must never hang on the CLI.
 */
const EXIT_GRACE_MS = 5_000;

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  setTimeout(() => {
    process.stderr.write('nestjs-maintenance: something kept the process alive after the command; exiting anyway.\n');
    process.exit(code);
  }, EXIT_GRACE_MS).unref();
});
