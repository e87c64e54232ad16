'use strict';
// Whether V8 keeps throwing away the optimized code of the module's request path (not part of `npm run bench`).
//   node bench/deopts.js [--adapters=express,fastify] [--scenarios=off,hook-read-only] [--warmup=5] [--seconds=15]
//
// Each module scenario of the http suite runs in a fresh server under load, with V8's --trace-deopt-verbose;
// deoptimizations are counted only after the warm-up, when a server's code should have settled. One in the
// module's own code (dist/) there is a bug worth a look: the guard or hook runs in slower code until V8
// optimizes it again, on the server's one core. That is how a reload handing the guard a snapshot of a new
// hidden class every second was found (see lib/state/maintenance-snapshot.ts). Exit code 1 when any is
// found. Node's and the frameworks' own deoptimizations are counted too, for scale, but not judged.
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { buildLibrary } = require('./build-library');
const { startServer } = require('./server-process');
const { runLoad } = require('./load-client');
const { ADAPTERS, SCENARIOS, runsOn } = require('./scenarios');
const { LOAD_CORE, pinSelf } = require('./pin');
const { table } = require('./markdown');
const { diagnosticFlags, listFlag, positiveCount } = require('./cli-options');

const MODULE_CODE = path.join(__dirname, '..', 'dist') + path.sep;

async function main() {
  const flags = diagnosticFlags(process.argv.slice(2));
  const adapters = listFlag('adapters', flags.adapters, ADAPTERS);
  const warmup = positiveCount('warmup', flags.warmup ?? 5);
  const seconds = positiveCount('seconds', flags.seconds ?? 15);
  const moduleScenarios = SCENARIOS.filter((scenario) => scenario.kind === 'module');
  const only = listFlag(
    'scenarios',
    flags.scenarios,
    moduleScenarios.map((scenario) => scenario.id),
  );
  pinSelf(LOAD_CORE);
  buildLibrary();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-maintenance-deopts-'));
  const rows = [];
  try {
    for (const adapter of adapters) {
      for (const scenario of moduleScenarios.filter((candidate) => only.includes(candidate.id) && runsOn(candidate, adapter))) {
        const found = await watch(adapter, scenario, path.join(dir, `${adapter}-${scenario.id}.sqlite`), warmup, seconds);
        log(`${adapter} ${scenario.id}: ${found.all.length} deoptimizations after warm-up, ${found.module.length} in the module's code`);
        rows.push({ adapter, scenario, ...found });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nDeoptimizations after ${warmup} s of warm-up, during ${seconds} s of load (V8 --trace-deopt-verbose)\n`);
  console.log(
    table(
      ['Adapter', 'Scenario', 'all', "in the module's code (dist/)"],
      rows.map(({ adapter, scenario, all, module }) => [adapter, scenario.label, String(all.length), summarizeDeopts(module)]),
      ['left', 'left', 'right', 'left'],
    ),
  );
  if (rows.some((row) => row.module.length > 0)) process.exitCode = 1;
}

/**
 * One fresh server: warm-up unwatched, then `seconds` of load with every deoptimization it reports. V8 writes
 * the trace to a file it flushes after each entry (--redirect-code-traces-to); stdout, a pipe here, would be
 * buffered and put warm-up entries in the window or window entries after it. The window is a byte range.
 */
async function watch(adapter, scenario, database, warmup, seconds) {
  const trace = `${database}.deopts.log`;
  const size = () => (fs.existsSync(trace) ? fs.statSync(trace).size : 0);
  const server = await startServer(
    { adapter, app: scenario.app, mode: scenario.mode, database },
    // quiet: V8 prints its "marking dependent code" lines to stdout even with the trace redirected.
    { nodeFlags: ['--trace-deopt-verbose', '--redirect-code-traces', `--redirect-code-traces-to=${trace}`], quiet: true },
  );
  let from;
  let to;
  try {
    const url = `http://127.0.0.1:${server.port}${scenario.path}`;
    await runLoad({ url, connections: 50, duration: warmup, expect: scenario.expect });
    from = size();
    const result = await runLoad({ url, connections: 50, duration: seconds, expect: scenario.expect });
    to = size();
    if (result.unexpected > 0) throw new Error(`${adapter} ${scenario.id}: ${result.unexpected} responses were not ${scenario.expect}`);
  } finally {
    await server.stop();
  }
  const all = parseDeopts(readRange(trace, from, to));
  return { all, module: all.filter((deopt) => deopt.positions.some((position) => position.startsWith(MODULE_CODE))) };
}

function readRange(file, from, to) {
  if (to <= from) return '';
  const buffer = Buffer.alloc(to - from);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    fs.closeSync(fd);
  }
  return buffer.toString('utf8');
}

/**
 * The deoptimizations in V8's verbose trace: the optimized function, the reason, and where, as the chain of
 * source positions from the innermost inlined function out ("deoptimize at <a>, inlined at <b>"). A
 * deoptimization is the module's when any of them is in its code: its functions are inlined into Nest's and
 * Nest's into its.
 */
function parseDeopts(output) {
  const deopts = [];
  for (const block of output.split('[bailout (kind: ').slice(1)) {
    const head = /^[^,]+, reason: ([^)]*)\): begin\. deoptimizing [^<]*<JSFunction ([^ >(]*)/.exec(block);
    const at = /;;; deoptimize at (.*)/.exec(block);
    const positions = at ? [...at[1].matchAll(/<([^>]*)>/g)].map((match) => match[1].replace(/^file:\/\//, '')) : [];
    if (head) deopts.push({ reason: head[1], name: head[2] || '(anonymous)', positions });
  }
  return deopts;
}

/** "4× wrong map at enforcement/maintenance.guard.js:75:34 (in tryActivate's optimized code); ..." for the table. */
function summarizeDeopts(deopts) {
  if (deopts.length === 0) return 'none';
  const counts = new Map();
  for (const { name, reason, positions } of deopts) {
    const ours = positions.find((position) => position.startsWith(MODULE_CODE)) ?? positions[0] ?? '?';
    const key = `${reason} at ${path.relative(MODULE_CODE, ours)} (in ${name}'s optimized code)`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${count}× ${key}`).join('; ');
}

function log(message) {
  process.stderr.write(`[deopts ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
