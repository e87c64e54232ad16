'use strict';
// `npm run bench`: builds the library, runs the benchmark suites, prints the report and writes
// BENCHMARKS.md. Progress goes to stderr, the report to stdout.
// Suites are modules exporting { name, run(options, log) } that resolve to a report section
// ({ title, markdown, meaning, problems }); a new one (propagation.js) only needs an entry in SUITES.
const fs = require('node:fs');
const path = require('node:path');
const { parseOptions } = require('./cli-options');
const { buildLibrary } = require('./build-library');
const { describeMachine } = require('./machine');
const { LOAD_CORE, canPin, pinSelf } = require('./pin');
const { renderReport } = require('./report');

const SUITES = {
  http: () => require('./http'),
  audit: () => require('./audit'),
};

async function main() {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const startedAt = new Date();
  // Off the server core: this process does little during a round, but it must not share core 1.
  pinSelf(LOAD_CORE);
  log('building the library (npm run build)');
  buildLibrary();

  const sections = [];
  for (const name of options.suites) {
    log(`suite ${name}`);
    sections.push(await SUITES[name]().run(options, log));
  }

  const report = renderReport({
    sections,
    machine: describeMachine(),
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    startedAt,
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    pinned: canPin(),
  });
  process.stdout.write(report);
  if (options.write) {
    fs.writeFileSync(path.join(__dirname, '..', 'BENCHMARKS.md'), report);
    log('wrote BENCHMARKS.md');
  }
  if (sections.some((section) => section.problems?.length)) process.exitCode = 1;
}

function log(message) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
