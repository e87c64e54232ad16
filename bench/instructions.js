'use strict';
// What each app costs per request in CPU instructions, counted by valgrind's callgrind (not part of
// `npm run bench`). Side-by-side req/s ratios move by a few percent from one launch to the next; an
// instruction count does not depend on the host's noise, so it shows what the module's own code adds.
//   npm run build && node bench/instructions.js [--adapter=fastify] [--samples=3] [--warmup=20000] [--requests=5000]
//     [--variants=bare,hook-off,hook-read-only] [--by-function]
// --by-function also lists, for each app against its baseline, the functions whose instructions per request
// grew most (one extra launch of each with --perf-basic-prof, kept out of the table; JavaScript named through
// V8's perf map, see callgrind-functions.js).
//
// Each sample is a fresh server under callgrind with instrumentation off while it warms up (JIT tiers
// settle), then on for `--requests` requests. Counts are split by thread: V8 compiles on worker threads
// (in early load that can be a third of all instructions, and which functions it compiles varies from
// one launch to the next), so the figure compared is the main thread's, where requests are served.
// What instructions do not show: cache misses, branch mispredictions and kernel time, so a ratio of
// instructions is a lower bound on the cost, not the req/s ratio the goal is about.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildLibrary } = require('./build-library');
const { runLoad } = require('./load-client');
const { SERVER_CORE, LOAD_CORE, canPin, pinSelf } = require('./pin');
const { summarize } = require('./stats');
const { table } = require('./markdown');
const { diagnosticFlags, listFlag, positiveCount } = require('./cli-options');
const { functionCosts, largestIncreases, perfMapOf } = require('./callgrind-functions');

const START_TIMEOUT_MS = 180_000;
/**
 * Under callgrind a request takes ~50× longer, so the module's 1 s reload would run ~50× more often per
 * request than in real service; it is pushed out of the window (`refreshIntervalMs`) and left out here.
 */
const NO_RELOAD_MS = 3_600_000;

const variant = (id, label, app, mode, route, adapters) => ({ id, label, app, mode, route, adapters });
const VARIANTS = [
  variant('bare', '(1) bare app', 'bare', null, '/items'),
  variant('noop-guard', '(r1) + global guard returning true', 'noop-guard', null, '/items'),
  variant('header-guard', '(r2) + global guard setting one header', 'header-guard', null, '/items'),
  variant('off', '(2) module, mode off', 'module', null, '/items'),
  variant('read-only', '(3) module, read-only, GET', 'module', 'read-only', '/items'),
  variant('bare-ping', '(1) bare app, /status/ping (baseline of (4))', 'bare', null, '/status/ping'),
  variant('full-bypass', '(4) module, full, bypassed path', 'module', 'full', '/status/ping'),
  variant('hook-off', '(2h) module, fastify-hook, mode off', 'module-hook', null, '/items', ['fastify']),
  variant('hook-read-only', '(3h) module, fastify-hook, read-only, GET', 'module-hook', 'read-only', '/items', ['fastify']),
  variant('hook-full-bypass', '(4h) module, fastify-hook, full, bypassed path', 'module-hook', 'full', '/status/ping', ['fastify']),
];
/** The variant each one is compared with: the bare app on the same route. */
const baselineOf = (v) => (v.route === '/status/ping' ? 'bare-ping' : 'bare');

async function main() {
  const flags = diagnosticFlags(process.argv.slice(2));
  const adapter = flags.adapter ?? 'fastify';
  if (adapter !== 'fastify' && adapter !== 'express') throw new Error(`--adapter must be fastify or express, not "${adapter}"`);
  const samples = positiveCount('samples', flags.samples ?? 3);
  const warmup = positiveCount('warmup', flags.warmup ?? 20_000);
  const requests = positiveCount('requests', flags.requests ?? (adapter === 'express' ? 2_000 : 5_000));
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('valgrind is not installed (Debian: apt-get install valgrind)');
  }
  const byFunction = Object.hasOwn(flags, 'by-function');
  const onAdapter = VARIANTS.filter((v) => !v.adapters || v.adapters.includes(adapter));
  const chosen = listFlag(
    'variants',
    flags.variants,
    onAdapter.map((v) => v.id),
  );
  // A variant is shown against its baseline, so the baseline is measured too.
  const measured = new Set(onAdapter.filter((v) => chosen.includes(v.id)).flatMap((v) => [v.id, baselineOf(v)]));
  const variants = onAdapter.filter((v) => measured.has(v.id));
  pinSelf(LOAD_CORE);
  buildLibrary();
  const counts = new Map();
  // Samples interleaved (every variant once, then again): a slow drift of the machine cannot favour one.
  for (let sample = 0; sample < samples; sample++) {
    for (const v of variants) {
      const count = await measure(adapter, v, warmup, requests, false);
      log(`${v.id} #${sample + 1}: main thread ${count.main.toFixed(0)}, all threads ${count.all.toFixed(0)} instructions per request`);
      counts.set(v.id, [...(counts.get(v.id) ?? []), count]);
    }
  }
  // One more launch of each with --perf-basic-prof, kept out of the table: the flag changes what V8 does.
  const functions = new Map();
  if (byFunction) {
    for (const v of variants) {
      functions.set(v.id, (await measure(adapter, v, warmup, requests, true)).functions);
      log(`${v.id}: instructions per function read`);
    }
  }
  const median = (id, key) => summarize(counts.get(id).map((count) => count[key]));
  console.log(
    `\n${adapter}: instructions per request (callgrind), median (min–max) of ${samples} launches, ${requests} requests each after ${warmup} of warm-up\n`,
  );
  console.log(
    table(
      ['App', 'main thread', '× bare (main thread)', 'all threads (JIT and GC included)'],
      variants.map((v) => {
        const main = median(v.id, 'main');
        const base = median(baselineOf(v), 'main').median;
        const all = median(v.id, 'all');
        return [
          v.label,
          `${main.median.toFixed(0)} (${main.min.toFixed(0)}–${main.max.toFixed(0)})`,
          v.id === baselineOf(v) ? '1 (reference)' : (main.median / base).toFixed(4),
          `${all.median.toFixed(0)} (${all.min.toFixed(0)}–${all.max.toFixed(0)})`,
        ];
      }),
      ['left', 'right', 'right', 'right'],
    ),
  );
  if (!byFunction) return;
  for (const v of variants.filter((candidate) => candidate.id !== baselineOf(candidate))) {
    const rows = largestIncreases(functions.get(baselineOf(v)), functions.get(v.id), 15);
    console.log(
      `\n${v.label}: the functions that grew most against ${baselineOf(v)}, instructions per request (main thread, one launch with --perf-basic-prof)\n`,
    );
    console.log(
      table(
        ['Function', 'more per request'],
        rows.map(({ name, delta }) => [name.slice(0, 110), delta.toFixed(0)]),
        ['left', 'right'],
      ),
    );
  }
}

/** One fresh server under callgrind: warm-up uncounted, then `requests` counted; per-request instructions by thread. */
async function measure(adapter, v, warmup, requests, byFunction) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-maintenance-callgrind-'));
  const config = { adapter, app: v.app, mode: v.mode, database: path.join(dir, 'db.sqlite'), refreshIntervalMs: NO_RELOAD_MS };
  const valgrindArgs = [
    '--tool=callgrind',
    '--instr-atstart=no',
    '--separate-threads=yes',
    `--callgrind-out-file=${path.join(dir, 'callgrind.out')}`,
    process.execPath,
    // V8's log comes with the perf map: into the temporary directory, not the working one.
    ...(byFunction ? ['--perf-basic-prof', '--no-logfile-per-isolate', `--logfile=${path.join(dir, 'v8.log')}`] : []),
    path.join(__dirname, 'server.js'),
    JSON.stringify(config),
  ];
  const [command, args] = canPin() ? ['taskset', ['-c', String(SERVER_CORE), 'valgrind', ...valgrindArgs]] : ['valgrind', valgrindArgs];
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  try {
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${v.id}: server did not start under valgrind within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      child.on('message', (message) => message.type === 'ready' && (clearTimeout(timer), resolve(message.port)));
      child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`${v.id}: server exited with ${code}\n${stderr}`))));
    });
    const url = `http://127.0.0.1:${port}${v.route}`;
    const expect = 200;
    await runLoad({ url, connections: 4, amount: warmup, expect });
    // taskset execs valgrind, which runs the app in the same process: the child's pid is callgrind's.
    execFileSync('callgrind_control', ['--instr=on', String(child.pid)], { stdio: 'ignore' });
    const result = await runLoad({ url, connections: 4, amount: requests, expect });
    if (result.unexpected > 0) throw new Error(`${v.id}: ${result.unexpected} responses were not ${expect}`);
    execFileSync('callgrind_control', ['--dump', String(child.pid)], { stdio: 'ignore' });
    const byThread = readThreadTotals(dir);
    const all = [...byThread.values()].reduce((sum, n) => sum + n, 0);
    const functions = byFunction ? perRequest(functionCosts(mainThreadDumps(dir), child.pid), result.requests) : null;
    return { main: (byThread.get(1) ?? 0) / result.requests, all: all / result.requests, functions };
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    if (byFunction) fs.rmSync(perfMapOf(child.pid), { force: true });
  }
}

function perRequest(costs, requests) {
  return new Map([...costs].map(([name, instructions]) => [name, instructions / requests]));
}

/** The counted window's dump files of the main thread (thread 1), as readThreadTotals counts them. */
function mainThreadDumps(dir) {
  const names = fs.readdirSync(dir).filter((candidate) => /^callgrind\.out\.\d+-0*1$/.test(candidate));
  if (names.length === 0) throw new Error(`no main-thread dump in ${dir}`);
  return names.map((name) => path.join(dir, name));
}

/** Instructions per thread in the dump files (`callgrind.out.<part>-<thread>`) of the counted window. */
function readThreadTotals(dir) {
  const totals = new Map();
  for (const name of fs.readdirSync(dir)) {
    const match = /^callgrind\.out\.\d+-(\d+)$/.exec(name);
    if (!match) continue;
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const summary = /^(?:summary|totals): (\d+)/m.exec(text);
    if (summary) totals.set(Number(match[1]), (totals.get(Number(match[1])) ?? 0) + Number(summary[1]));
  }
  if (!totals.has(1)) throw new Error(`no main-thread dump in ${dir}: ${fs.readdirSync(dir).join(', ')}`);
  return totals;
}

function log(message) {
  process.stderr.write(`[instructions ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
