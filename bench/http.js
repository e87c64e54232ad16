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
const { BASELINE, SCENARIOS } = require('./scenarios');
const { summarizeHttp } = require('./http-summary');

async function runHttpSuite(options, log) {
  const scenarios = SCENARIOS.filter((scenario) => scenario.id === BASELINE || options.scenarios.includes(scenario.id));
  return summarizeHttp(await measureScenarios(scenarios, options, log), options);
}

/**
 * Measures each scenario against a baseline server of its own (its twin), one pair at a time: the two
 * start, warm up, run `options.rounds` rounds alone (alternating) and `options.pairs` runs side by side,
 * are topped up to `options.soak` requests for the second heap reading, and stop before the next pair
 * starts. Resolves to one run per scenario with its `rounds` (alone) and `pairs` (side by side); the
 * baseline's run gathers what its twins measured alone.
 *
 * Only the pair under test is alive on the server core. With every server started at once, the idle ones
 * (their 1 s state refresh, V8 shrinking an idle heap and cooling down) disturbed the pair under test: the
 * control (a second bare app) then measured anywhere from 0.78 to 1.16. And a twin rather than one shared
 * baseline: the shared one would have served in every pair while the others idled between theirs.
 */
async function measureScenarios(scenarios, options, log) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-maintenance-bench-'));
  const baselineScenario = scenarios.find((scenario) => scenario.id === BASELINE);
  const runs = [];
  let live = [];
  const start = async (adapter, scenario, name) => {
    log(`starting ${adapter} ${name}`);
    const server = await startWithRetry({ adapter, app: scenario.app, mode: scenario.mode, database: path.join(dir, `${adapter}-${name}.sqlite`) });
    const run = { adapter, scenario, server, url: `http://127.0.0.1:${server.port}${scenario.path}`, rounds: [], pairs: [], served: 0, problems: [] };
    live.push(run);
    return run;
  };
  try {
    for (const adapter of options.adapters) {
      const baseline = { adapter, scenario: baselineScenario, rounds: [], pairs: [], served: 0, problems: [] };
      runs.push(baseline);
      for (const scenario of scenarios.filter((candidate) => candidate !== baselineScenario)) {
        const twin = await start(adapter, baselineScenario, `${scenario.id}-twin`);
        const run = await start(adapter, scenario, scenario.id);
        runs.push(run);
        const both = [twin, run];
        for (const server of both) {
          await load(server, { duration: options.warmup }, options);
          // Counted from here: the long run is everything served after this first heap reading.
          server.heapWarm = await server.server.heapUsed();
          server.served = 0;
        }
        for (let round = 0; round < options.rounds; round++) {
          // Which of the two runs first alternates.
          for (const server of round % 2 ? [run, twin] : both) server.rounds.push((await measureTogether([server], options))[0]);
        }
        for (let pair = 0; pair < options.pairs; pair++) {
          // Which load generator is told to go first alternates.
          const [first, second] = await measureTogether(pair % 2 ? [run, twin] : both, options);
          run.pairs.push(pair % 2 ? { scenario: first, baseline: second } : { scenario: second, baseline: first });
        }
        log(`${adapter} ${scenario.id}: ${options.rounds} rounds alone, ${options.pairs} side by side`);
        // The baseline's heap row is its first twin's; the other twins need no long run.
        const firstTwin = baseline.heapWarm === undefined;
        for (const server of firstTwin ? both : [run]) {
          const remaining = options.soak - server.served;
          if (remaining > 0) await load(server, { amount: remaining }, options);
          server.heapAfter = await server.server.heapUsed();
        }
        baseline.rounds.push(...twin.rounds);
        baseline.problems.push(...twin.problems);
        if (firstTwin) Object.assign(baseline, { heapWarm: twin.heapWarm, heapAfter: twin.heapAfter, served: twin.served });
        await Promise.all(both.map((server) => server.server.stop()));
        live = [];
      }
    }
  } finally {
    await Promise.all(live.map((run) => run.server.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return runs;
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

/** One autocannon run against a server alone (warm-up, soak). */
async function load(run, length, options) {
  return record(run, await runLoad(loadConfig(run, length, options)));
}

function loadConfig(run, length, options) {
  return { url: run.url, connections: options.connections, expect: run.scenario.expect, ...length };
}

/** Counts what a server served; wrong statuses and socket errors are kept as problems. */
function record(run, result) {
  run.served += result.requests;
  if (result.unexpected > 0 || result.errors > 0 || result.timeouts > 0) {
    run.problems.push(
      `${result.unexpected} unexpected statuses (${JSON.stringify(result.statuses)}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return result;
}

module.exports = { name: 'http', run: runHttpSuite, measureScenarios };
