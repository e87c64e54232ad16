'use strict';
// Throughput, p99 latency and retained heap of the scenarios on each adapter. Every scenario is measured
// against a bare app of its own (its twin), both servers on the server core:
// - alone: one server at a time, for the absolute figures (req/s, p99 ms, server CPU);
// - side by side: both at once, each driven by its own load generator. The core's scheduler shares it
//   fairly between the two, and whatever the machine does to that core (a neighbour's burst, frequency
//   changes) it does to both, so their ratio is the relative cost per request. Measured alone,
//   consecutive runs of the very same app here differ by up to 3× on a shared host; side by side, a
//   second bare app stays within a few percent.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('./server-process');
const { runLoad, runLoads } = require('./load-client');
const { BASELINE, SCENARIOS, runsOn } = require('./scenarios');
const { summarizeHttp } = require('./http-summary');

async function runHttpSuite(options, log) {
  const scenarios = SCENARIOS.filter((scenario) => scenario.id === BASELINE || options.scenarios.includes(scenario.id));
  return summarizeHttp(await measureScenarios(scenarios, options, log), options);
}

/**
 * Measures each scenario against a baseline server of its own (its twin), one pair at a time, in
 * `options.launches` launches: each launch starts a fresh pair (which of the two starts first alternates),
 * warms both up together, runs its share of `options.pairs` runs side by side and then of `options.rounds`
 * rounds alone (alternating), and stops it before the next one starts. In the last launch the scenario's server (and,
 * for the first scenario, its twin, whose heap is the baseline's row) is topped up to `options.soak`
 * requests for the second heap reading. Resolves to one run per scenario with its `rounds` (alone) and
 * `pairs` (side by side, each tagged with its launch); the baseline's run gathers what its twins measured
 * alone.
 *
 * Only the pair under test is alive on the server core. With every server started at once, the idle ones
 * (their 1 s state refresh, V8 shrinking an idle heap and cooling down) disturbed the pair under test: the
 * control (a second bare app) then measured anywhere from 0.78 to 1.16. A twin rather than one shared
 * baseline: the shared one would have served in every pair while the others idled between theirs. And
 * many launches because each process has a bias of its own that lasts as long as it lives (where its code
 * and heap land, what the JIT decides): while this was written, the module with mode off measured 0.95 to
 * 1.06 of a bare app with a do-nothing guard from one launch to the next, while the runs within each
 * launch agreed within ±2 %. So a launch, not a run, is the unit of the summary (see http-summary.js).
 */
async function measureScenarios(scenarios, options, log) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-maintenance-bench-'));
  const baselineScenario = scenarios.find((scenario) => scenario.id === BASELINE);
  const runs = [];
  const live = new Set();
  const start = async (adapter, scenario, name) => {
    log(`starting ${adapter} ${name}`);
    const server = await startWithRetry({
      adapter,
      app: scenario.app,
      mode: scenario.mode,
      scoped: scenario.scoped,
      database: path.join(dir, `${adapter}-${name}.sqlite`),
    });
    live.add(server);
    return server;
  };
  const stop = (servers) => Promise.all(servers.map((server) => (live.delete(server), server.stop())));
  try {
    for (const adapter of options.adapters) {
      const baseline = newRun(adapter, baselineScenario);
      runs.push(baseline);
      for (const scenario of scenarios.filter((candidate) => candidate !== baselineScenario && runsOn(candidate, adapter))) {
        const run = newRun(adapter, scenario);
        runs.push(run);
        for (let launch = 0; launch < options.launches; launch++) {
          const last = launch === options.launches - 1;
          // The baseline's heap row is its first twin's; the other twins need no long run.
          const soakTwin = last && baseline.heapWarm === undefined;
          const twin = newRun(adapter, baselineScenario);
          const startTwin = async () => (twin.server = await start(adapter, baselineScenario, `${scenario.id}-twin-${launch}`));
          const startRun = async () => (run.server = await start(adapter, scenario, `${scenario.id}-${launch}`));
          // Alternated so that whatever starting first or second does to a process (heap layout, ports)
          // falls on both sides alike.
          for (const begin of launch % 2 ? [startRun, startTwin] : [startTwin, startRun]) await begin();
          await measureLaunch(twin, run, launch, options, { longRun: last, soakTwin });
          await stop([twin.server, run.server]);
          baseline.rounds.push(...twin.rounds);
          baseline.problems.push(...twin.problems);
          if (soakTwin) Object.assign(baseline, { heapWarm: twin.heapWarm, heapAfter: twin.heapAfter, served: twin.served });
        }
        log(`${adapter} ${scenario.id}: ${run.rounds.length} rounds alone, ${run.pairs.length} side by side in ${options.launches} launches`);
      }
    }
  } finally {
    await stop([...live]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}

function newRun(adapter, scenario) {
  return { adapter, scenario, rounds: [], pairs: [], served: 0, problems: [] };
}

/**
 * One launch of a pair (both servers started): warm-up and first heap reading, this launch's share of the
 * side-by-side runs and of the rounds alone, then the long run to `options.soak` requests and the second
 * heap reading, in the last launch only (`longRun`; for the twin only if `soakTwin`). Results are added to
 * `twin` and `run`.
 */
async function measureLaunch(twin, run, launch, options, { longRun, soakTwin }) {
  const both = [twin, run];
  // Both serve the scenario's request: the bypassed-route scenario's twin requests that route too, so the
  // ratio compares one route with and without the module, not two routes.
  for (const side of both) side.url = `http://127.0.0.1:${side.server.port}${run.scenario.path}`;
  // Warmed up together, side by side: one after the other, the first would sit idle (cooling down, its
  // heap shrinking) while the second warms up, and would always be the one less recently warm.
  await measureTogether(both, { ...options, duration: options.warmup });
  for (const side of both) {
    // Counted from here: the long run is everything served after this first heap reading.
    side.heapWarm = await side.server.heapUsed();
    side.served = 0;
  }
  // This launch's share: runs launch, launch + launches, ... of the totals. The side-by-side runs come
  // first, straight after the warm-up, so every launch measures its ratio in the same state whether or
  // not it also has rounds alone. Which of the two goes first (side by side: its load generator is told
  // to go first; alone: runs first) alternates from run to run and from launch to launch.
  const share = (total) => Math.floor(total / options.launches) + (launch < total % options.launches ? 1 : 0);
  for (let pair = 0; pair < share(options.pairs); pair++) {
    const swapped = (pair + launch) % 2 === 1;
    const [first, second] = await measureTogether(swapped ? [run, twin] : both, options);
    run.pairs.push(swapped ? { launch, scenario: first, baseline: second } : { launch, scenario: second, baseline: first });
  }
  for (let round = 0; round < share(options.rounds); round++) {
    for (const side of (round + launch) % 2 ? [run, twin] : both) side.rounds.push((await measureTogether([side], options))[0]);
  }
  if (!longRun) return;
  for (const side of soakTwin ? both : [run]) {
    const remaining = options.soak - side.served;
    if (remaining > 0) await load(side, { amount: remaining }, options);
    side.heapAfter = await side.server.heapUsed();
  }
}

/**
 * Loads the given servers at the same time for `options.duration` seconds, one load generator each, and
 * returns per server its autocannon figures plus `cpu` (share of a core it used) and `perCpuSecond`.
 */
async function measureTogether(selected, options) {
  const before = await Promise.all(selected.map((run) => run.server.cpuMicros()));
  const results = await runLoads(selected.map((run) => loadConfig(run, { duration: options.duration }, options)));
  results.forEach((result, i) => record(selected[i], result));
  const after = await Promise.all(selected.map((run) => run.server.cpuMicros()));
  return results.map((result, i) => {
    const cpuSeconds = (after[i] - before[i]) / 1e6;
    return { ...result, cpu: cpuSeconds / result.seconds, perCpuSecond: result.requests / cpuSeconds };
  });
}

/**
 * A second chance after a pause: on a shared checkout a concurrent `npm run build` empties dist/ for a few
 * seconds, and a server starting in that gap cannot load the library.
 */
async function startWithRetry(config) {
  try {
    return await startServer(config);
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    return startServer(config);
  }
}

/** One autocannon run against a server alone (the long run to `options.soak` requests). */
async function load(run, length, options) {
  return record(run, await runLoad(loadConfig(run, length, options)));
}

function loadConfig(run, length, options) {
  return { url: run.url, method: run.scenario.method, connections: options.connections, expect: run.scenario.expect, ...length };
}

/** Counts what a server served; wrong statuses and socket errors are kept as problems. */
function record(run, result) {
  run.served += result.requests;
  if (result.unexpected > 0 || result.errors > 0 || result.timeouts > 0) {
    run.problems.push(`${result.unexpected} unexpected statuses (${JSON.stringify(result.statuses)}), ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return result;
}

module.exports = { name: 'http', run: runHttpSuite, measureScenarios };
