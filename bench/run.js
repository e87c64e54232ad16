'use strict';
// `npm run bench`: builds the library, runs the benchmark suites, prints the report and writes
// BENCHMARKS.md. Progress goes to stderr, the report to stdout.
// The suites are listed in suites.js.
const fs = require('node:fs');
const path = require('node:path');
const { parseOptions } = require('./cli-options');
const { buildLibrary } = require('./build-library');
const { describeMachine, describeRevision } = require('./machine');
const { LOAD_CORE, canPin, pinSelf } = require('./pin');
const { renderReport } = require('./report');
const SUITES = require('./suites');

async function main() {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const startedAt = new Date();
  // Off the server core: this process does little during a round, but it must not share core 1.
  pinSelf(LOAD_CORE);
  log('building the library (npm run build)');
  buildLibrary();

  // Loaded right after the build, so the library the suites use is the one just compiled even if a
  // concurrent build replaces dist/ later in the run.
  // Read before the suites run: the commit is what dist/ is built from, even if one lands meanwhile.
  const revision = describeRevision();
  const suites = options.suites.map((name) => [name, SUITES[name]()]);
  const sections = [];
  for (const [name, suite] of suites) {
    log(`suite ${name}`);
    try {
      sections.push(await suite.run(options, log));
    } catch (error) {
      // One failed suite (say, dist/ rebuilt under us by a concurrent `npm test`) must not lose the others.
      log(`suite ${name} failed: ${error.stack}`);
      sections.push({
        title: `${name} (failed)`,
        markdown: `The suite failed: \`${error.message}\``,
        meaning: '',
        problems: [`suite ${name}: ${error.message}`],
      });
    }
  }

  const report = renderReport({
    sections,
    machine: describeMachine(),
    revision,
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    startedAt,
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    pinned: canPin(),
  });
  process.stdout.write(report);
  if (options.write) {
    const file = path.join(__dirname, '..', 'BENCHMARKS.md');
    fs.writeFileSync(file, report + handWrittenPart(file));
    log('wrote BENCHMARKS.md');
  }
  if (sections.some((section) => section.problems?.length)) process.exitCode = 1;
}

/**
 * Everything of the current BENCHMARKS.md from the hand-written marker on (analysis and figures from other
 * tools and focused runs, each naming its commit and command): a new run replaces the generated part only.
 */
function handWrittenPart(file) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const at = current.indexOf(HAND_WRITTEN_MARKER);
  return at === -1 ? '' : `\n${current.slice(at)}`;
}

const HAND_WRITTEN_MARKER = '<!-- hand-written below';

function log(message) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
