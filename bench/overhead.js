'use strict';
// Where the module's overhead comes from (not part of `npm run bench`). It compares the bare app with
// the same app plus a do-nothing global guard, a do-nothing global interceptor, both, the module (mode
// off), a guard setting one header, a platform hook (Fastify `onRequest` / Express middleware, outside
// Nest) doing nothing and one setting the header, and the module in read-only mode; then it profiles the
// bare app and the module in each mode and prints where CPU time goes.
//   node bench/overhead.js [--adapter=fastify] [--rounds=8] [--launches=<rounds>] [--duration=3] [--profile-seconds=8]
// (--rounds=0: profiles only; --profile-seconds=0: compares only)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildLibrary } = require('./build-library');
const { measureScenarios } = require('./http');
const { perLaunch } = require('./http-summary');
const { startServer } = require('./server-process');
const { runLoad } = require('./load-client');
const { LOAD_CORE, pinSelf } = require('./pin');
const { summarize } = require('./stats');
const { table } = require('./markdown');
const { summarizeProfile } = require('./profile-summary');
const { SCENARIOS } = require('./scenarios');
const { diagnosticFlags, launchesFor, positiveCount, positiveNumber } = require('./cli-options');

/** Every variant serves the same GET route; only the app (and the module's mode) differs. */
const variant = (id, label, app, mode = null) => ({ id, label, app, mode, path: '/items', expect: 200 });

const VARIANTS = [
  variant('bare', 'bare app (baseline)', 'bare'),
  variant('noop-guard', '+ global guard returning true', 'noop-guard'),
  variant('noop-interceptor', '+ global interceptor returning next.handle()', 'noop-interceptor'),
  variant('noop-both', '+ both', 'noop-both'),
  variant('off', 'MaintenanceModule, mode off', 'module'),
  variant('header-guard', '+ global guard setting one header', 'header-guard'),
  variant('noop-hook', '+ platform hook doing nothing (not a Nest enhancer)', 'noop-hook'),
  variant('header-hook', '+ platform hook setting one header', 'header-hook'),
  variant('read-only', 'MaintenanceModule, read-only, GET', 'module', 'read-only'),
];

async function main() {
  const flags = diagnosticFlags(process.argv.slice(2));
  const options = {
    adapters: [flags.adapter ?? 'fastify'],
    // The comparison's rounds are side-by-side runs against a bare twin (see http.js); none alone.
    pairs: positiveCount('rounds', flags.rounds ?? 8, { allowZero: true }),
    launches: 0,
    rounds: 0,
    duration: positiveNumber('duration', flags.duration ?? 3),
    warmup: 2,
    connections: positiveCount('connections', flags.connections ?? 50),
    soak: 0,
  };
  // Unless given, one launch per run (a launch is the unit of the summary, see http-summary.js); with
  // --rounds=0 nothing is compared and launches do not matter.
  if (options.pairs > 0) options.launches = launchesFor(options.pairs, 'launches' in flags ? (flags.launches ?? true) : undefined, options.pairs, 'rounds');
  const profileSeconds = Number(flags['profile-seconds'] ?? 8);
  if (!(profileSeconds >= 0)) throw new Error(`--profile-seconds must be a number ≥ 0, not "${flags['profile-seconds']}"`);
  pinSelf(LOAD_CORE);
  buildLibrary();

  // --rounds=0 skips the comparison and only profiles.
  if (options.pairs > 0) await compare(options);

  if (profileSeconds > 0) {
    const profiled = [VARIANTS[0], VARIANTS[2], ...SCENARIOS.filter((scenario) => scenario.app === 'module')];
    for (const variant of profiled) console.log(`\n### ${variant.label}\n\n${await profile(variant, options, profileSeconds)}`);
  }
}

/** The do-nothing guard and interceptor against the bare app and the module, side by side. */
async function compare(options) {
  const runs = await measureScenarios(VARIANTS, options, log);
  const ratio = (run, key) => summarize(perLaunch(run.pairs, (pair) => pair.scenario[key] / pair.baseline[key]));
  console.log(
    `\n${options.adapters[0]}: ${options.pairs} side-by-side runs × ${options.duration} s in ${options.launches} launches, ratios to a bare twin in the same run\n`,
  );
  console.log(
    table(
      ['Variant', 'req/s median', '× bare req/s', '× bare req per CPU-s', '× bare p99'],
      runs
        .filter((run) => run.pairs.length > 0)
        .map((run) => {
          const rps = ratio(run, 'rps');
          const eff = ratio(run, 'perCpuSecond');
          return [
            run.scenario.label,
            summarize(run.pairs.map((pair) => pair.scenario.rps)).median.toFixed(0),
            `${rps.median.toFixed(3)} (${rps.min.toFixed(3)}–${rps.max.toFixed(3)})`,
            `${eff.median.toFixed(3)} (${eff.min.toFixed(3)}–${eff.max.toFixed(3)})`,
            ratio(run, 'p99').median.toFixed(3),
          ];
        }),
      ['left', 'right', 'right', 'right', 'right'],
    ),
  );
}

/** Warms one server up, profiles it over `seconds` of load only, and summarises the profile. */
async function profile(variant, options, seconds) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-maintenance-profile-'));
  try {
    const server = await startServer({ adapter: options.adapters[0], app: variant.app, mode: variant.mode, database: path.join(dir, 'db.sqlite') });
    const url = `http://127.0.0.1:${server.port}${variant.path}`;
    const load = (duration) => runLoad({ url, connections: options.connections, duration, expect: variant.expect });
    log(`profiling ${variant.id} for ${seconds} s`);
    await load(options.warmup);
    await server.startProfile();
    await load(seconds);
    const file = path.join(dir, 'server.cpuprofile');
    await server.stopProfile(file);
    await server.stop();
    const summary = summarizeProfile(file);
    const pct = (share) => `${(share * 100).toFixed(2)} %`;
    return [
      table(
        ['Self time by package', 'share'],
        summary.categories.map((c) => [c.label, pct(c.share)]),
        ['left', 'right'],
      ),
      '',
      table(
        ['Inclusive time of', 'share'],
        summary.inclusive.map((c) => [c.label, pct(c.share)]),
        ['left', 'right'],
      ),
      '',
      summary.callees.length
        ? table(
            ['Guard / interceptor → function it was running', 'share'],
            top(summary.callees).map((c) => [c.call, pct(c.share)]),
            ['left', 'right'],
          )
        : '(no samples under the guard or interceptor)',
      '',
      summary.lines.length
        ? table(
            ['Self samples on a line of', 'share'],
            top(summary.lines).map((l) => [l.line, pct(l.share)]),
            ['left', 'right'],
          )
        : '(no samples inside the guard or interceptor files)',
    ].join('\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows worth reading: at most 12, none under 0.1 %. */
function top(rows) {
  return rows.filter((row) => row.share >= 0.001).slice(0, 12);
}

function log(message) {
  process.stderr.write(`[overhead ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
